from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CasesConfig(AppConfig):
    name = "gaoxin.cases"
    verbose_name = pgettext_lazy("plural", "办件")

    def ready(self):
        from gaoxin.cases.actions import deadlines_recompute
        from gaoxin.cases.selectors import applications_since
        from gaoxin.catalog import usage
        from gaoxin.workdays.recompute import register

        register("cases", deadlines_recompute)
        usage.register("cases", applications_since)

    def nav_items(self, request):
        """Header entries of the case pages. Each page module may define `nav(request) -> list[NavItem]`: the public
        notices (anyone not staff), portal (applicant), window (clerk), desk (department approver), leader; a module
        without one adds nothing."""
        from gaoxin.cases.views import desk, leader, notices, portal, window

        items = []
        for module in (notices, portal, window, desk, leader):
            items.extend(getattr(module, "nav", _no_entries)(request))
        return items


def _no_entries(request):
    return []
