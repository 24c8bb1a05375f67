"""The 万人助万企 pages: the ledger each person sees, the office's dispatch board, a unit's desk, the cadre's
enterprises and visit form, raising a demand, and a demand's page with its timeline and the step the person may take.

Reads go through selectors with the person logged in; every write goes through gaoxin.demands.actions. A page that is
not for the person is a 404; a step they may not take on a demand they see answers 403 with the reason.
"""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.core.errors import DomainError
from gaoxin.core.navigation import NavItem
from gaoxin.core.pages import login_and, or_404
from gaoxin.core.spreadsheets import ImportRejected
from gaoxin.demands import actions, hotline, ledger, rules, selectors
from gaoxin.demands.files import attachment_response
from gaoxin.demands.forms import (
    VISIT_PROBLEMS,
    AnswerForm,
    AssignForm,
    AttachForm,
    CloseForm,
    ConfirmForm,
    DemandForm,
    HotlineImportForm,
    InstructionForm,
    NoteForm,
    PeriodForm,
    ReasonForm,
    RepeatClearForm,
    ReplyForm,
    VisitForm,
    VisitProblemForm,
)
from gaoxin.demands.models import OPEN_STATUSES, Status
from gaoxin.economy.models import Enterprise


def _reads_enterprises(user) -> bool:
    return rules.sees_all(user) or rules.is_cadre(user)


users_of_demands = login_and(rules.may_use)


def _tabs_for(user) -> list[tuple[str, str]]:
    tabs = [("demands-list", gettext_lazy("我的诉求") if rules.is_party_account(user) else gettext_lazy("诉求台账"))]
    if rules.sees_all(user):
        tabs.append(("demands-board", gettext_lazy("调度台")))
        tabs.append(("demands-figures", gettext_lazy("三率统计")))
    if rules.is_unit_member(user):
        tabs.append(("demands-desk", gettext_lazy("承办工作台")))
    if rules.sees_all(user):
        tabs.append(("demands-supervision", gettext_lazy("督办")))
    if _reads_enterprises(user):
        tabs.append(("demands-enterprises", gettext_lazy("包联企业")))
    if rules.may_raise(user):
        tabs.append(("demands-new", gettext_lazy("登记诉求")))
    return tabs


def _tabs(user, current: str) -> list[dict]:
    return [{"url": reverse(name), "label": label, "current": name == current} for name, label in _tabs_for(user)]


def nav(request) -> list[NavItem]:
    user = request.user
    if not rules.may_use(user):
        return []
    if rules.is_office(user):
        url, count = reverse("demands-board"), selectors.demands_visible_to(user).filter(status=Status.NEW).count()
        label = _("待交办")
    elif rules.is_unit_member(user):
        url = reverse("demands-desk")
        count = selectors.demands_visible_to(user).filter(unit_id=user.department_id, status=Status.ASSIGNED).count()
        label = _("待签收")
    else:
        url, count, label = reverse("demands-list"), 0, ""
    title = _("我的诉求") if rules.is_party_account(user) else _("万人助万企")
    return [NavItem(title, url, count=count or None, count_label=label, order=55)]


def _forbidden(request, message: str, status: int = 403):
    back = {"back_url": reverse("demands-list"), "back_label": _("返回诉求台账")}
    return render(request, "forbidden.html", {"message": message, **back}, status=status)


def _put_back(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- lists ----------------------------------------------------------------------------------------


@users_of_demands
def list_page(request):
    user = request.user
    status = request.GET.get("status", "")
    if status not in ("", "open", *Status.values):
        status = ""
    now = timezone.now()
    overdue = request.GET.get("overdue") == "1"
    rows = selectors.demand_list(user, status=status, unit=request.GET.get("unit", ""), overdue=overdue, now=now)
    context = {
        "tabs": _tabs(user, "demands-list"),
        "rows": [selectors.demand_out(d, now, user) for d in rows[:300]],
        "status": status,
        "statuses": [("", _("全部")), ("open", _("在办")), *Status.choices],
        "is_enterprise": rules.is_enterprise_account(user),
        "is_resident": rules.is_resident_account(user),
        "enterprise": selectors.own_enterprise(user),
    }
    return render(request, "demands/list.html", context)


@login_and(rules.sees_all)
def board_page(request):
    now = timezone.now()
    context = {
        "tabs": _tabs(request.user, "demands-board"),
        "b": selectors.board(request.user, now),
        "assign_form": AssignForm(),
        "may_assign": rules.is_office(request.user),
    }
    return render(request, "demands/board.html", context)


@login_and(rules.is_unit_member)
def desk_page(request):
    context = {
        "tabs": _tabs(request.user, "demands-desk"),
        "d": selectors.unit_desk(request.user, timezone.now()),
        "department": request.user.department,
    }
    return render(request, "demands/desk.html", context)


@login_and(_reads_enterprises)
def enterprises_page(request):
    rows = selectors.cadre_enterprises(request.user, timezone.localdate())
    context = {
        "tabs": _tabs(request.user, "demands-enterprises"),
        "rows": rows,
        "unpaired": sum(r["unpaired"] for r in rows),
        "unvisited": sum(r["unvisited"] for r in rows),
        "interval": selectors.visit_interval_days(),
        "is_cadre": rules.is_cadre(request.user),
        "visits": selectors.visits_of(request.user)[:10],
    }
    return render(request, "demands/enterprises.html", context)


# --- raising, visits ------------------------------------------------------------------------------


def _enterprises_for(user):
    if rules.is_office(user):
        return Enterprise.objects.order_by("name")
    if rules.is_cadre(user):
        return Enterprise.objects.filter(pk__in=selectors.paired_enterprise_ids(user)).order_by("name")
    return None


@users_of_demands
def new_page(request):
    user = request.user
    if not rules.may_raise(user):
        return _forbidden(request, _("只有企业、群众、包联干部和企业服务办可以登记诉求"))
    if rules.is_enterprise_account(user) and selectors.own_enterprise(user) is None:
        return _forbidden(request, _("您的账号未关联本区登记的企业（须为企业法定代表人本人）"))
    options = {"enterprises": _enterprises_for(user), "office": rules.is_office(user)}
    initial = {"contact_name": user.name, "contact_phone": user.phone}
    form, status = DemandForm(initial=initial, **options), 200
    if request.method == "POST":
        form, status = DemandForm(request.POST, request.FILES, **options), 400
        if form.is_valid():
            try:
                demand = actions.demand_raise(
                    actor=user,
                    problem=form.problem(),
                    contact_name=form.cleaned_data["contact_name"],
                    contact_phone=form.cleaned_data["contact_phone"],
                    enterprise=form.cleaned_data.get("enterprise"),
                    channel=form.cleaned_data.get("channel"),
                    attachments=form.cleaned_data["attachments"],
                )
            except DomainError as error:
                _put_back(form, error)
                status = error.status
            else:
                messages.success(
                    request, _("诉求 %(n)s 已登记，企业服务办将于 1 个工作日内交办。") % {"n": demand.number}
                )
                return redirect("demands-demand", demand_id=demand.pk)
    context = {"tabs": _tabs(user, "demands-new"), "form": form, "is_resident": rules.is_resident_account(user)}
    return render(request, "demands/new.html", context, status=status)


@login_and(_reads_enterprises)
def visit_new_page(request):
    user = request.user
    if not rules.is_cadre(user):
        return _forbidden(request, _("只有包联干部可以登记走访"))
    enterprises = _enterprises_for(user)
    chosen = request.GET.get("enterprise")
    form = VisitForm(initial={"enterprise": chosen, "visited_on": timezone.localdate()}, enterprises=enterprises)
    problems = [VisitProblemForm(prefix=f"p{i}") for i in range(VISIT_PROBLEMS)]
    status = 200
    if request.method == "POST":
        form = VisitForm(request.POST, request.FILES, enterprises=enterprises)
        problems = [VisitProblemForm(request.POST, prefix=f"p{i}") for i in range(VISIT_PROBLEMS)]
        status = 400
        if form.is_valid() & all([p.is_valid() for p in problems]):
            try:
                visit, demands = actions.visit_record(
                    actor=user,
                    problems=[p.problem() for p in problems if not p.is_blank()],
                    **form.cleaned_data,
                )
            except DomainError as error:
                _put_back(form, error)
                status = error.status
            else:
                numbers = "、".join(d.number for d in demands)
                done = _("走访已登记，问题已登记为诉求：%(n)s") % {"n": numbers} if demands else _("走访已登记。")
                messages.success(request, done)
                return redirect("demands-enterprises")
    context = {"tabs": _tabs(user, "demands-enterprises"), "form": form, "problems": problems}
    return render(request, "demands/visit_form.html", context, status=status)


# --- one demand -----------------------------------------------------------------------------------

# step -> (form, who may take it, the action with the form's data, what the page says when done)
STEPS = {
    "assign": (
        AssignForm,
        lambda user, demand: rules.is_office(user),
        lambda d, u, f: actions.demand_assign(demand=d, actor=u, unit=f["unit"], co_units=f["co_units"]),
        gettext_lazy("已交办承办单位。"),
    ),
    "accept": (
        None,
        rules.works_for_unit,
        lambda d, u, f: actions.demand_accept(demand=d, actor=u),
        gettext_lazy("已签收，请在期限内首次响应。"),
    ),
    "send_back": (
        ReasonForm,
        rules.works_for_unit,
        lambda d, u, f: actions.demand_send_back(demand=d, actor=u, reason=f["reason"]),
        gettext_lazy("已退回企业服务办。"),
    ),
    "respond": (
        NoteForm,
        rules.works_for_unit,
        lambda d, u, f: actions.demand_respond(demand=d, actor=u, note=f["note"]),
        gettext_lazy("首次响应已登记。"),
    ),
    "mark_complex": (
        ReasonForm,
        rules.works_for_unit,
        lambda d, u, f: actions.demand_mark_complex(demand=d, actor=u, reason=f["reason"]),
        gettext_lazy("已标记为复杂诉求，办结时限相应延长。"),
    ),
    "progress": (
        NoteForm,
        rules.works_for_unit,
        lambda d, u, f: actions.demand_record_progress(demand=d, actor=u, note=f["note"]),
        gettext_lazy("办理进展已登记。"),
    ),
    "reply": (
        ReplyForm,
        rules.works_for_unit,
        lambda d, u, f: actions.demand_reply(
            demand=d, actor=u, result=f["result"], reply=f["reply"], attachments=f["attachments"]
        ),
        gettext_lazy("已答复，等待企业确认。"),
    ),
    "confirm": (
        ConfirmForm,
        selectors.may_confirm,
        lambda d, u, f: actions.demand_confirm(demand=d, actor=u, satisfaction=f["satisfaction"], comment=f["comment"]),
        gettext_lazy("办理结果已确认。"),
    ),
    "close": (
        CloseForm,
        lambda user, demand: rules.is_office(user),
        lambda d, u, f: actions.demand_close(demand=d, actor=u, note=f["note"]),
        gettext_lazy("诉求已销号。"),
    ),
    "instruct": (
        InstructionForm,
        lambda user, demand: rules.may_instruct(user),
        lambda d, u, f: actions.demand_instruct(demand=d, actor=u, text=f["text"]),
        gettext_lazy("批示已送承办单位，答复后将通知您。"),
    ),
    "answer": (
        AnswerForm,
        rules.works_for_unit,
        lambda d, u, f: actions.instruction_answer(
            instruction=selectors.instruction_of(d, f["instruction"]), actor=u, answer=f["answer"]
        ),
        gettext_lazy("已答复领导批示。"),
    ),
    "clear_repeat": (
        RepeatClearForm,
        lambda user, demand: rules.is_office(user),
        lambda d, u, f: actions.demand_clear_repeat(demand=d, actor=u, note=f["note"]),
        gettext_lazy("已取消疑似重复标记。"),
    ),
    "attach": (
        AttachForm,
        rules.may_attach,
        lambda d, u, f: actions.demand_attach(demand=d, actor=u, files=f["attachments"]),
        gettext_lazy("附件已上传。"),
    ),
}
# Pages a step may return to (the board's and the desk's rows act in place).
RETURN_TO = {"board": "demands-board", "desk": "demands-desk"}


@users_of_demands
def demand_page(request, demand_id):
    user = request.user
    demand = or_404(selectors.demand_for, user, demand_id)
    forms, status = {}, 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in STEPS:
            return _forbidden(request, _("请选择要办理的步骤"), status=400)
        form_class, may, act, done = STEPS[step]
        if not may(user, demand):
            return _forbidden(request, _("您不能%(step)s该诉求") % {"step": rules.ACTION_NAMES[step]})
        form = form_class(request.POST, request.FILES, auto_id=f"{step}-%s") if form_class else None
        status = 400
        if form is None or form.is_valid():
            try:
                act(demand, user, form.cleaned_data if form else {})
            except DomainError as error:
                if form is None:
                    messages.error(request, error.message)
                    return redirect("demands-demand", demand_id=demand.pk)
                _put_back(form, error)
                status = error.status
            else:
                messages.success(request, str(done))
                back = RETURN_TO.get(request.POST.get("next", ""))
                return redirect(back) if back else redirect("demands-demand", demand_id=demand.pk)
        forms[step] = form
        demand = or_404(selectors.demand_for, user, demand_id)
    # The office usually hands this kind to the category's unit: offered first.
    forms.setdefault("assign", AssignForm(auto_id="assign-%s", initial={"unit": demand.category.default_unit_id}))
    now = timezone.now()
    context = {
        "tabs": _tabs(user, "demands-list"),
        "d": selectors.demand_out(demand, now, user),
        "events": selectors.events_of(demand),
        "co_units": list(demand.co_units.all()),
        "forms": {
            name: forms.get(name) or (cls(auto_id=f"{name}-%s") if cls else None) for name, (cls, *_r) in STEPS.items()
        },
        "is_office": rules.is_office(user),
        "is_unit": rules.works_for_unit(user, demand),
        "may_confirm": selectors.may_confirm(user, demand),
        "is_open": demand.status in OPEN_STATUSES,
        "due_rows": _due_rows(demand),
        **_supervision_context(user, demand, forms.get("answer")),
        "file_of": demand.enterprise_id if selectors.may_read_file(user, demand.enterprise_id) else None,
        "attachments": selectors.attachments_of(demand),
        "visit_photos": selectors.visit_photos_of(demand),
        "may_attach": rules.may_attach(user, demand),
    }
    return render(request, "demands/demand.html", context, status=status)


def _supervision_context(user, demand, answered=None) -> dict:
    """What the demand's page shows of its supervision: escalations, and instructions each with its answer form for
    the unit while pending (the one just sent back with its error, `answered`)."""
    instructions = selectors.instructions_of(demand)
    if rules.works_for_unit(user, demand):
        for i in instructions:
            if i["answered_at"] is None:
                sent = answered is not None and answered.data.get("instruction") == str(i["id"])
                i["form"] = answered if sent else AnswerForm(initial={"instruction": i["id"]}, auto_id=f"a{i['id']}-%s")
    return {
        "escalations": selectors.escalations_of(demand),
        "instructions": instructions,
        "repeat_days": selectors.repeat_window_days(),
        "may_instruct": rules.may_instruct(user) and demand.unit_id is not None and demand.status != Status.CLOSED,
    }


def _blank(step: str):
    form_class = STEPS[step][0]
    return form_class(auto_id=f"{step}-%s") if form_class else None


@login_and(rules.sees_all)
def supervision_page(request):
    context = {
        "tabs": _tabs(request.user, "demands-supervision"),
        "s": selectors.supervision(request.user, timezone.now()),
        "leader_days": selectors.escalate_leader_days(),
    }
    return render(request, "demands/supervision.html", context)


def _due_rows(demand) -> list[tuple[str, object, object]]:
    """Each stage with its due date and when it was done."""
    return [
        (_("交办"), demand.assign_due, demand.assigned_at),
        (_("签收"), demand.accept_due, demand.accepted_at),
        (_("首次响应"), demand.respond_due, demand.responded_at),
        (_("办结（答复）"), demand.solve_due, demand.replied_at),
    ]


# --- the 12345 hotline, 一企一档 -------------------------------------------------------------------


@users_of_demands
def hotline_import_page(request):
    """The office imports the hotline's exported work orders: every row a demand, or (any row bad) none, each bad row
    listed."""
    user = request.user
    if not rules.is_office(user):
        return _forbidden(request, _("只有企业服务办可以导入12345热线工单"))
    form, errors, status = HotlineImportForm(), [], 200
    if request.method == "POST":
        form, status = HotlineImportForm(request.POST, request.FILES), 400
        if form.is_valid():
            try:
                result = hotline.hotline_import(file=form.cleaned_data["file"], actor=user)
            except ImportRejected as rejected:
                errors = rejected.errors
                form.add_error(None, rejected.message)
            except DomainError as error:
                _put_back(form, error)
                status = error.status
            else:
                done = _("已导入 %(n)s 张热线工单，待交办。") % {"n": len(result.numbers)}
                messages.success(request, done)
                return redirect("demands-board")
    context = {"tabs": _tabs(user, "demands-board"), "form": form, "errors": errors, "columns": hotline.COLUMNS}
    return render(request, "demands/hotline_import.html", context, status=status)


@users_of_demands
def enterprise_file_page(request, enterprise_id):
    user = request.user
    enterprise = or_404(selectors.enterprise_file_for, user, enterprise_id)
    current = "demands-enterprises" if _reads_enterprises(user) else "demands-list"
    context = {
        "tabs": _tabs(user, current),
        "f": selectors.enterprise_file(user, enterprise, timezone.now()),
        "back": current,
    }
    return render(request, "demands/enterprise_file.html", context)


# --- the figures (三率) and the ledger's export ------------------------------------------------------


def _period_asked(request) -> tuple[PeriodForm, selectors.Period]:
    """The period of ?date_from=&date_to= (this month by default); a date that is not one, or an end before the
    start, is put next to its field and this month shown instead."""
    form = PeriodForm(request.GET)
    today = timezone.localdate()
    if form.is_valid():
        try:
            period = selectors.Period.asked(form.cleaned_data["date_from"], form.cleaned_data["date_to"], today=today)
        except DomainError as error:
            _put_back(form, error)
        else:
            # The fields show the days counted, also those filled in for what was left out.
            return PeriodForm({"date_from": period.date_from, "date_to": period.date_to}), period
    return form, selectors.Period.month_of(today)


@login_and(rules.sees_all)
def figures_page(request):
    form, period = _period_asked(request)
    found = selectors.figures(request.user, date_from=period.date_from, date_to=period.date_to)
    context = {
        "tabs": _tabs(request.user, "demands-figures"),
        "form": form,
        "f": found,
        "query": _period_query(period),
        "shortcuts": _period_shortcuts(timezone.localdate(), period),
    }
    return render(request, "demands/figures.html", context, status=400 if form.errors else 200)


def _period_query(period: selectors.Period) -> str:
    return f"date_from={period.date_from.isoformat()}&date_to={period.date_to.isoformat()}"


def _period_shortcuts(today, shown: selectors.Period) -> list[dict]:
    this_month = selectors.Period.month_of(today)
    last_month = selectors.Period.month_of(this_month.date_from - timedelta(days=1))
    this_year = selectors.Period.year_of(today)
    named = [(_("本月"), this_month), (_("上月"), last_month), (_("本年"), this_year)]
    return [{"label": label, "query": _period_query(p), "current": p == shown} for label, p in named]


@users_of_demands
def ledger_xlsx(request):
    """A file, not a page: a date that is not one is a 400 with the reason (core.middleware.BadInputMiddleware)."""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise DomainError(errors[0], field=field)
    dates = form.cleaned_data
    period = ledger.period_asked(dates["date_from"], dates["date_to"], today=timezone.localdate())
    return ledger.download(request.user, period)


# --- attachments (附件) and a visit's photos -------------------------------------------------------------------------


@users_of_demands
def attachment_page(request, demand_id, attachment_id):
    return attachment_response(or_404(selectors.attachment_for, request.user, demand_id, attachment_id))


@users_of_demands
def visit_photo_page(request, visit_id, visit_photo_id):
    return attachment_response(or_404(selectors.visit_photo_for, request.user, visit_id, visit_photo_id))


urlpatterns = [
    path("demands/", list_page, name="demands-list"),
    path("demands/new/", new_page, name="demands-new"),
    path("demands/board/", board_page, name="demands-board"),
    path("demands/desk/", desk_page, name="demands-desk"),
    path("demands/enterprises/", enterprises_page, name="demands-enterprises"),
    path("demands/visits/new/", visit_new_page, name="demands-visit-new"),
    path("demands/<uuid:demand_id>/", demand_page, name="demands-demand"),
    path("demands/supervision/", supervision_page, name="demands-supervision"),
    path("demands/hotline/import/", hotline_import_page, name="demands-hotline-import"),
    path("demands/enterprises/<int:enterprise_id>/", enterprise_file_page, name="demands-enterprise-file"),
    path("demands/figures/", figures_page, name="demands-figures"),
    path("demands/ledger.xlsx", ledger_xlsx, name="demands-ledger"),
    path("demands/<uuid:demand_id>/attachments/<uuid:attachment_id>/", attachment_page, name="demands-attachment"),
    path("demands/visits/<uuid:visit_id>/photos/<uuid:visit_photo_id>/", visit_photo_page, name="demands-visit-photo"),
]
