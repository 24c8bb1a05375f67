"""The nine kinds of demand the platform ships, with the 13710 limits (the Category model's field defaults) and the
unit each usually goes to. The first migration stores them; the demo and the tests load them again after a flush."""

# code, name, department code of the usual unit
DEFAULT_CATEGORIES = [
    ("land", "用地", "nrp"),
    ("labour", "用工", "hrss"),
    ("financing", "融资", "drc"),
    ("approvals", "审批手续", "xzsp"),
    ("policy", "政策兑现", "drc"),
    ("infrastructure", "基础设施", "hurd"),
    ("utilities", "水电气暖", "urban"),
    ("disputes", "矛盾纠纷", "police"),
    ("other", "其他", "drc"),
]


def categories_load(category_model, department_model) -> int:
    """Add each default category that is missing (an administrator's edits stay); returns how many were added."""
    units = {d.code: d for d in department_model.objects.all()}
    added = 0
    for order, (code, name, unit) in enumerate(DEFAULT_CATEGORIES, start=1):
        _, created = category_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order, "default_unit": units.get(unit)}
        )
        added += created
    return added
