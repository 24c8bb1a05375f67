"""The certificates a wallet shows: apps above wallet (certificates) register what they issued to a person."""

from collections.abc import Callable

# user -> [{"number", "kind", "uscc", "company_name"}, …]
CertificatesOf = Callable[..., list[dict]]

_sources: list[CertificatesOf] = []


def register_certificates(source: CertificatesOf) -> None:
    if source not in _sources:
        _sources.append(source)


def certificates_held(user) -> list[dict]:
    return [entry for source in _sources for entry in source(user)]
