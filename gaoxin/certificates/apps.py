from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "gaoxin.certificates"
    verbose_name = _("电子证照")

    def ready(self):
        from gaoxin.cases import hooks
        from gaoxin.catalog.models import CertificateKind
        from gaoxin.certificates.actions import license_on_step_granted
        from gaoxin.certificates.selectors import license_of_applicant, license_of_case_out, licenses_in_wallet
        from gaoxin.wallet import hooks as wallet_hooks

        hooks.on_step_granted(license_on_step_granted)
        hooks.register_result_labels({"license_number": _("营业执照编号"), "uscc": _("统一社会信用代码")})
        hooks.register_certificate_finder(CertificateKind.BUSINESS_LICENSE, license_of_applicant)
        wallet_hooks.register_certificates(licenses_in_wallet)
        hooks.register_case_section("license", license_of_case_out)
