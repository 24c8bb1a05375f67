from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "gaoxin.documents"
    verbose_name = _("文书与印章")
    demo_order = 25  # after the departments and accounts (see core's demo_load)

    def load_demo(self, write):
        from gaoxin.documents.demo import load_demo_seals

        made = load_demo_seals()
        write(f"\n演示印章：新增 {made} 枚（行政审批专用章 Ed25519；公安分局业务专用章 SM2/SM3）")

    def ready(self):
        from gaoxin.cases import hooks
        from gaoxin.documents import checks  # noqa: F401  (registers the deploy check of the seals' keys)
        from gaoxin.documents.actions import documents_on_case_changed
        from gaoxin.documents.selectors import document_list_out

        hooks.on_case_changed(documents_on_case_changed)
        hooks.register_event_labels({"document_issue": _("出具文书")})
        hooks.register_case_section("documents", lambda case: document_list_out(case.pk))
