from django import template

from gaoxin.certificates.selectors import license_for_case

register = template.Library()


@register.simple_tag
def case_license(case_id):
    """The license issued for a case, or None: {% case_license case.id as license %}."""
    return license_for_case(case_id)
