"""Demo parks: the "3+1" advanced manufacturing parks (新型先进制造业园区) named in the seed."""

from django.db import transaction

from gaoxin.economy.models import Park

# code, name, short name
DEMO_PARKS = [
    ("gree", "格力电器（洛阳）中央空调智能制造基地", "格力智能制造基地"),
    ("yinlong", "银隆新能源洛阳产业园", "银隆新能源产业园"),
    ("fengli", "丰李电子信息产业园", "丰李电子信息产业园"),
    ("biomed", "生物医药产业园", "生物医药产业园"),
]


@transaction.atomic
def load_demo_parks() -> int:
    """Create or refresh the parks, found by code; returns how many the demo holds."""
    for order, (code, name, short_name) in enumerate(DEMO_PARKS, start=1):
        Park.objects.update_or_create(code=code, defaults={"name": name, "short_name": short_name, "sort_order": order})
    return len(DEMO_PARKS)
