"""What apps above cases do when a case moves: they register here at start-up, and cases imports none of them.

Like gaoxin.core.navigation: certificates (which imports cases) issues the business license the moment the
registration step is granted and proves a case's business-license material, without cases reaching up to it.
"""

from collections.abc import Callable

# (case, task, the task's planned step, actor) -> result entries to record on the task (e.g. the license's USCC). A
# handler that issues a license records its id as "license_id": the case page then links the license.
StepGranted = Callable[..., dict]
# (case) -> the certificate that proves a material of this kind for the case's applicant, or None.
CertificateFinder = Callable[..., object]

# (case, the change's AuditBatch) -> None: runs inside every case action's transaction once it has changed the case,
# before its events are written; it may add events of its own (documents records each document it issues).
CaseChanged = Callable[..., None]

# (case) -> what the case's detail (its page and its API) carries under the name the reader was registered with:
# the documents issued on it, the license it issued.
CaseSection = Callable[..., object]

_step_granted: list[StepGranted] = []
_case_sections: dict[str, CaseSection] = {}
_case_changed: list[CaseChanged] = []
_certificate_finders: dict[str, CertificateFinder] = {}
# What the result entries that handlers add are called on a case page (the steps' own fields carry their labels).
_result_labels: dict[str, str] = {}
_event_labels: dict[str, str] = {}


def on_step_granted(handler: StepGranted) -> None:
    if handler not in _step_granted:
        _step_granted.append(handler)


def step_granted(*, case, task, step: dict, actor) -> dict:
    """Run every handler inside the deciding transaction; their results are merged into the task's result."""
    results: dict = {}
    for handler in _step_granted:
        results.update(handler(case=case, task=task, step=step, actor=actor) or {})
    return results


def on_case_changed(handler: CaseChanged) -> None:
    if handler not in _case_changed:
        _case_changed.append(handler)


def case_changed(*, case, audit) -> None:
    for handler in _case_changed:
        handler(case=case, audit=audit)


def register_event_labels(labels: dict[str, str]) -> None:
    """What the events that apps above record on a case's chain are called in its timeline."""
    _event_labels.update(labels)


def event_labels() -> dict[str, str]:
    return _event_labels


def register_result_labels(labels: dict[str, str]) -> None:
    _result_labels.update(labels)


def result_labels() -> dict[str, str]:
    return _result_labels


def register_certificate_finder(kind: str, finder: CertificateFinder) -> None:
    _certificate_finders[kind] = finder


def certificate_for(kind: str, case):
    finder = _certificate_finders.get(kind)
    return finder(case) if finder else None


def register_case_section(name: str, reader: CaseSection) -> None:
    _case_sections[name] = reader


def case_sections(case) -> dict:
    return {name: reader(case) for name, reader in _case_sections.items()}
