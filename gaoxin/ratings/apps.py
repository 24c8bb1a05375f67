from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "gaoxin.ratings"
    verbose_name = _("好差评")

    def ready(self):
        from gaoxin.cases import hooks
        from gaoxin.documents.files import register_invitation
        from gaoxin.ratings.actions import issue_link_when_decided, rectifications_recompute
        from gaoxin.ratings.selectors import document_invitation
        from gaoxin.workdays.recompute import register

        register("ratings", rectifications_recompute)
        hooks.on_case_changed(issue_link_when_decided)
        register_invitation(document_invitation)

    def nav_items(self, request):
        """满意度 for leaders, administrators and the window; 差评整改 with its count for a department's approvers."""
        from gaoxin.ratings.views import nav

        return nav(request)
