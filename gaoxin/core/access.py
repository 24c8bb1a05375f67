"""Who may use each page and each API operation: the access table.

One entry per route — a page by its URL name, an API operation by its method and path — with the roles that may
use it. tests/access/ checks that the table names every route there is (and none that is not), walks it for every
role with real objects, and keeps docs/access.md equal to what this module renders:

    python -m gaoxin.core.access > docs/access.md

How a refusal looks (the rule the walk checks):

- Nobody logged in: the API answers 401; a page sends the browser to the login page.
- Logged in, **404** when the person may not know that the thing exists: an object that is not theirs (another
  applicant's case, another department's task), or a page or figure that is not for their role at all (the window
  desk for an applicant, the cockpit for a clerk).
- Logged in, **403** when the person may know it exists but may not do this: they may read the
  case but not accept it, read the register but not change a project, or the page is offered to everyone (an
  apply button on the public catalog) but is for applicants only. The table lists these roles per route.
- The refusal comes before anything is read from the request's body: an empty body gets the refusal, never a 422.

A route for another system (the 12345 hotline's) names that system as its caller: the system proves itself with a key
of its own, not an account, so every role — anonymous or logged in — gets 401 there; its own tests walk the key.

Roles are the account roles of gaoxin.accounts.models.Role plus "anonymous". For a route on one object, "allowed"
means the object's own people: the applicant who owns the case, an approver of the task's department, the head of the
department of an extension request, the project's officer. `outsiders` names demo accounts of an allowed role who are
not those people, with the answer they get.
"""

from dataclasses import dataclass

ANONYMOUS = "anonymous"
APPLICANT = "applicant"
CLERK = "clerk"
APPROVER = "approver"
DEPT_HEAD = "dept_head"
LEADER = "leader"
OFFICER = "officer"
STATISTICIAN = "statistician"
DEMANDS_OFFICE = "demands_office"
CADRE = "cadre"
ADMIN = "admin"
SECURITY_ADMIN = "security_admin"
AUDIT_ADMIN = "audit_admin"

ROLES = (
    ANONYMOUS,
    APPLICANT,
    CLERK,
    APPROVER,
    DEPT_HEAD,
    LEADER,
    OFFICER,
    STATISTICIAN,
    DEMANDS_OFFICE,
    CADRE,
    ADMIN,
    SECURITY_ADMIN,
    AUDIT_ADMIN,
)

EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
STAFF = LOGGED_IN - {APPLICANT}
# 三权分立: the security and the audit administrator do none of the zone's work (accounts.models.is_zone_staff).
OVERSIGHT = frozenset({SECURITY_ADMIN, AUDIT_ADMIN})
ZONE_STAFF = STAFF - OVERSIGHT

# Who may see a case (cases.selectors.cases_visible_to): its applicant, the window, an approver of a department with a
# task in it, leaders and administrators.
CASE_READERS = frozenset({APPLICANT, CLERK, APPROVER, LEADER, ADMIN})
WINDOW = frozenset({CLERK, ADMIN})
# Who handles the walk's case (in review, its first step open at amr) and so may see the applicant's numbers in full
# (cases.rules.handles_personal_data): its applicant and amr's approver; the window only while the case is on its desk.
PERSONAL_DATA_READERS = frozenset({APPLICANT, APPROVER})
PERSONAL_DATA_NOTE = "full ID number and phone: only who handles the case now; every look by staff is audited"
LEADERS = frozenset({LEADER, ADMIN})
SATISFACTION_READERS = frozenset({CLERK, LEADER, ADMIN})
RECTIFICATION_READERS = frozenset({APPROVER, LEADER, ADMIN})
LICENSE_READERS = frozenset({APPLICANT, CLERK, LEADER, ADMIN})
# Who changes a key project: its officer (or responsible person), any leader, administrators.
PROJECT_WRITERS = frozenset({OFFICER, LEADER, ADMIN})
ECONOMY_WRITERS = frozenset({STATISTICIAN, ADMIN})
# 万人助万企 (gaoxin.demands.rules): the office and leaders see every demand, a cadre their paired enterprises', a unit
# (a department's approvers and head) what it was assigned, an enterprise and a resident (群众, an applicant of kind
# person, as the walk's `applicant` is) their own; the walk's demand is the company's, paired with `cadre` and
# assigned to amr's department, with a file the company attached. The walk's visit is `cadre`'s at the company, with
# a photo.
DEMAND_OVERSEERS = frozenset({DEMANDS_OFFICE, LEADER})
DEMAND_UNITS = frozenset({APPROVER, DEPT_HEAD})
DEMAND_PAIRERS = DEMAND_OVERSEERS | {CADRE}
DEMAND_PEOPLE = DEMAND_PAIRERS | DEMAND_UNITS
# Who the demands pages are for: the staff above and the residents, who raise and see their own.
DEMAND_USERS = DEMAND_PEOPLE | {APPLICANT}
DEMAND_RAISERS = frozenset({DEMANDS_OFFICE, CADRE, APPLICANT})

# Demo accounts of an allowed role for whom the walk's object is not theirs.
NOT_THEIR_CASE = (("applicant2", 404),)
NOT_THEIR_TASK = (("police", 404),)
NOT_THEIR_RECTIFICATION = (("police", 404),)
NOT_THEIR_REQUEST = (("police", 403),)
NOT_THEIR_NOTIFICATION = (("applicant2", 404),)
NOT_THEIR_EXTENSION = (("police-head", 404),)
NOT_THEIR_DEMAND = (("police", 404), ("police-head", 404), ("cadre2", 404))
# 一企一档: the walk's enterprise (the company's) is paired with `cadre`, not with `cadre2`.
NOT_THEIR_ENTERPRISE = (("cadre2", 404),)


@dataclass(frozen=True)
class Route:
    # A page: its URL name ("api:openapi-json" for a namespaced one). An API operation: "METHOD /api/path", with the
    # path's parameters written {name}, as the OpenAPI schema writes them.
    key: str
    allow: frozenset[str]
    # Logged-in roles that are refused with 403; every other logged-in role not allowed gets 404.
    forbidden: frozenset[str] = frozenset()
    outsiders: tuple[tuple[str, int], ...] = ()
    # A page's methods (an API operation has its own in its key).
    methods: tuple[str, ...] = ("GET",)
    note: str = ""
    # Another system that calls the route with a key of its own (no account may): every role is refused with 401.
    caller: str = ""

    @property
    def is_api(self) -> bool:
        return " " in self.key

    @property
    def method(self) -> str:
        return self.key.split(" ", 1)[0] if self.is_api else ""

    @property
    def path(self) -> str:
        return self.key.split(" ", 1)[1] if self.is_api else ""

    def refusal(self, role: str) -> int | str | None:
        """None if the role may use the route; else 401, 403, 404 or "login" (a redirect to the login page)."""
        if role in self.allow:
            return None
        if role == ANONYMOUS or self.caller:
            return 401 if self.is_api else "login"
        return 403 if role in self.forbidden else 404


def api(key: str, allow, forbidden=frozenset(), outsiders=(), note: str = "", caller: str = "") -> Route:
    return Route(key, frozenset(allow), frozenset(forbidden), tuple(outsiders), note=note, caller=caller)


def page(name: str, allow, forbidden=frozenset(), outsiders=(), methods=("GET",), note: str = "") -> Route:
    return Route(name, frozenset(allow), frozenset(forbidden), tuple(outsiders), tuple(methods), note)


POST = ("POST",)
GET_POST = ("GET", "POST")

API_ROUTES = [
    # --- accounts, identity checks, the calendar, the catalog: public --------------------------------------------
    api("POST /api/auth/token", EVERYONE, note="401 on wrong credentials, 429 when throttled"),
    api("GET /api/auth/me", LOGGED_IN),
    api("DELETE /api/auth/token", LOGGED_IN, note="ends the bearer token the request carries"),
    api("GET /api/auth/tokens", LOGGED_IN),
    api("POST /api/auth/password", LOGGED_IN, note="400 on a wrong old password or one the rules refuse"),
    api("DELETE /api/auth/tokens", LOGGED_IN, note="ends every token of the caller's account"),
    api("GET /api/validate/uscc/{value}", EVERYONE),
    api("GET /api/validate/resident-id/{value}", EVERYONE),
    api("GET /api/calendar/deadline", EVERYONE),
    api("GET /api/calendar/days", EVERYONE),
    api("PUT /api/calendar/years/{year}", {ADMIN}, forbidden=LOGGED_IN - {ADMIN}),
    api("GET /api/catalog/items", EVERYONE),
    api("GET /api/catalog/items/{code}", EVERYONE),
    api("GET /api/catalog/bundles", EVERYONE),
    api("GET /api/catalog/bundles/{code}", EVERYONE),
    api("GET /api/catalog/search", EVERYONE),
    api("GET /api/catalog/popular", EVERYONE),
    api("GET /api/catalog/themes", EVERYONE),
    api("GET /api/catalog/themes/{code}", EVERYONE),
    # --- cases ----------------------------------------------------------------------------------------------------
    api("POST /api/cases", {APPLICANT, CLERK}, forbidden=STAFF - {CLERK}, note="the window for a walk-in"),
    api("GET /api/cases", LOGGED_IN, note="each sees the cases they may see, possibly none"),
    api("GET /api/cases/{case_id}", CASE_READERS, outsiders=NOT_THEIR_CASE),
    api(
        "GET /api/cases/{case_id}/personal-data",
        PERSONAL_DATA_READERS,
        forbidden=CASE_READERS - PERSONAL_DATA_READERS,
        outsiders=NOT_THEIR_CASE,
        note=PERSONAL_DATA_NOTE,
    ),
    api(
        "POST /api/cases/{case_id}/materials",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
        note="the window for a walk-in case, never in an applicant's own",
    ),
    api(
        "POST /api/cases/{case_id}/submit",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
        note="the window for a walk-in case, never in an applicant's own",
    ),
    api("POST /api/cases/{case_id}/accept", WINDOW, forbidden=CASE_READERS - WINDOW, outsiders=NOT_THEIR_CASE),
    api("POST /api/cases/{case_id}/not-accept", WINDOW, forbidden=CASE_READERS - WINDOW, outsiders=NOT_THEIR_CASE),
    api(
        "POST /api/cases/{case_id}/request-corrections",
        WINDOW,
        forbidden=CASE_READERS - WINDOW,
        outsiders=NOT_THEIR_CASE,
    ),
    api(
        "POST /api/cases/{case_id}/withdraw",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
        note="the window withdraws a walk-in case",
    ),
    api(
        "GET /api/cases/{case_id}/wallet",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
        note="what the applicant's own wallet holds that fits the case",
    ),
    api(
        "POST /api/cases/{case_id}/use-wallet",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
    ),
    api(
        "POST /api/cases/{case_id}/objection",
        WINDOW | {APPROVER},
        forbidden=CASE_READERS - WINDOW - {APPROVER},
        outsiders=NOT_THEIR_CASE,
        note="the approver of the department whose public notice runs",
    ),
    api("GET /api/tasks", LOGGED_IN, note="an approver's department's tasks; nobody else has any"),
    api("POST /api/tasks/{task_id}/approve", {APPROVER}, outsiders=NOT_THEIR_TASK),
    api("POST /api/tasks/{task_id}/deny", {APPROVER}, outsiders=NOT_THEIR_TASK),
    api("POST /api/tasks/{task_id}/return", {APPROVER}, outsiders=NOT_THEIR_TASK),
    api("POST /api/tasks/{task_id}/extension", {APPROVER}, outsiders=NOT_THEIR_TASK, note="延期: once per task"),
    api(
        "GET /api/extensions",
        LOGGED_IN,
        note="a department head's (and its approvers') department's requests; nobody else has any",
    ),
    api(
        "POST /api/extensions/{extension_id}/decision",
        {DEPT_HEAD},
        forbidden={APPROVER},
        outsiders=NOT_THEIR_EXTENSION,
        note="the head of the task's department; its approvers may read the request",
    ),
    # --- public notices (公示): anybody reads them and may object, without an account --------------------------------
    api("GET /api/notices", EVERYONE),
    api("GET /api/notices/{notice_id}", EVERYONE),
    api(
        "POST /api/notices/{notice_id}/objections",
        EVERYONE,
        note="anonymous allowed; a bearer token names the objector, a session does not; 429 past the address's limit",
    ),
    # --- ratings --------------------------------------------------------------------------------------------------
    api("GET /api/ratings/cases/{case_id}", CASE_READERS, outsiders=NOT_THEIR_CASE),
    api(
        "POST /api/ratings/cases/{case_id}",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
        note="no staff rates (国办发〔2019〕51号); a walk-in rates through their link",
    ),
    api(
        "POST /api/ratings/cases/{case_id}/verdict",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
    ),
    api(
        "POST /api/ratings/rectifications/{rectification_id}/appeal",
        {APPROVER},
        forbidden={LEADER, ADMIN},
        outsiders=NOT_THEIR_RECTIFICATION,
    ),
    api("GET /api/ratings/appeals", LOGGED_IN, note="each sees the appeals they may see"),
    api("POST /api/ratings/appeals/{appeal_id}/decision", {ADMIN}, forbidden={APPROVER}),
    api("GET /api/ratings/satisfaction", SATISFACTION_READERS),
    api("GET /api/ratings/rectifications", LOGGED_IN, note="each sees the rectifications they may see"),
    api("GET /api/ratings/rectifications/{rectification_id}", RECTIFICATION_READERS, outsiders=NOT_THEIR_RECTIFICATION),
    api(
        "POST /api/ratings/rectifications/{rectification_id}/callback",
        {APPROVER, ADMIN},
        forbidden={LEADER},
        outsiders=NOT_THEIR_RECTIFICATION,
    ),
    api(
        "POST /api/ratings/rectifications/{rectification_id}/close",
        {APPROVER, ADMIN},
        forbidden={LEADER},
        outsiders=NOT_THEIR_RECTIFICATION,
    ),
    # --- licenses and the wallet ----------------------------------------------------------------------------------
    # --- documents under seal: for whoever may see the case; verification and the seals' keys are public ----------
    api("GET /api/cases/{case_id}/documents", CASE_READERS, outsiders=NOT_THEIR_CASE),
    api("GET /api/documents/{document_id}/pdf", CASE_READERS, outsiders=NOT_THEIR_CASE),
    api("GET /api/documents/{document_id}/verify", EVERYONE),
    api("GET /api/documents/seals", EVERYONE),
    api("GET /api/certificates/public-key", EVERYONE),
    api("GET /api/certificates/{license_id}/verify", EVERYONE),
    api("GET /api/certificates/{license_id}/pdf", LICENSE_READERS, outsiders=NOT_THEIR_CASE),
    api("POST /api/certificates/{license_id}/revoke", {ADMIN}, forbidden=LOGGED_IN - {ADMIN}),
    api("GET /api/wallet", LOGGED_IN, note="the person's own wallet"),
    # --- key projects ---------------------------------------------------------------------------------------------
    api("GET /api/projects", ZONE_STAFF),
    api("POST /api/projects", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS),
    api("GET /api/projects/stats", ZONE_STAFF),
    api("GET /api/projects/intake", ZONE_STAFF),
    api("GET /api/projects/board", ZONE_STAFF),
    api("GET /api/projects/leaders/{username}", ZONE_STAFF),
    api("GET /api/projects/oc4ids", ZONE_STAFF),
    api("GET /api/projects/requests", ZONE_STAFF),
    api("GET /api/projects/requests/{request_id}", ZONE_STAFF),
    api(
        "POST /api/projects/requests/{request_id}/progress",
        {APPROVER},
        forbidden=ZONE_STAFF - {APPROVER},
        outsiders=NOT_THEIR_REQUEST,
    ),
    api(
        "POST /api/projects/requests/{request_id}/resolve",
        {APPROVER},
        forbidden=ZONE_STAFF - {APPROVER},
        outsiders=NOT_THEIR_REQUEST,
    ),
    api("GET /api/projects/{project_id}", ZONE_STAFF),
    api("PATCH /api/projects/{project_id}", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS),
    api("GET /api/projects/{project_id}/oc4ids", ZONE_STAFF),
    api("GET /api/projects/{project_id}/investment", ZONE_STAFF),
    api("POST /api/projects/{project_id}/year-plans", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS),
    api("GET /api/projects/{project_id}/reports", ZONE_STAFF),
    api("POST /api/projects/{project_id}/reports", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS),
    api(
        "POST /api/projects/{project_id}/reports/{year}/{month}/photos",
        PROJECT_WRITERS,
        forbidden=ZONE_STAFF - PROJECT_WRITERS,
    ),
    api("POST /api/projects/{project_id}/milestones", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS),
    api(
        "POST /api/projects/{project_id}/milestones/{milestone_id}/met",
        PROJECT_WRITERS,
        forbidden=ZONE_STAFF - PROJECT_WRITERS,
    ),
    api("POST /api/projects/{project_id}/requests", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS),
    # --- the economy ----------------------------------------------------------------------------------------------
    api("GET /api/economy/indicators", ZONE_STAFF),
    api("GET /api/economy/trend", ZONE_STAFF),
    api("GET /api/economy/bulletin", EVERYONE),
    api("POST /api/economy/import", ECONOMY_WRITERS, forbidden=ZONE_STAFF - ECONOMY_WRITERS),
    api("GET /api/economy/imports", ECONOMY_WRITERS, forbidden=ZONE_STAFF - ECONOMY_WRITERS),
    api("GET /api/economy/parks", ZONE_STAFF),
    api("GET /api/economy/enterprises", ZONE_STAFF),
    api("GET /api/economy/enterprises/{uscc}", ZONE_STAFF),
    api("GET /api/economy/innovation", ZONE_STAFF),
    # --- 万人助万企: an enterprise account (applicant of kind enterprise, the register's legal representative) sees its
    # own demands — tests/demands/test_api.py; the walk's applicant is a resident, who raises, sees and confirms their
    # own (channel resident) — tests/demands/test_residents.py; the walk's demand is not theirs (404) --------------
    api("GET /api/demands", DEMAND_USERS, note="each sees the demands they may see; a resident their own"),
    api("POST /api/demands", DEMAND_RAISERS, forbidden=DEMAND_USERS - DEMAND_RAISERS),
    api("GET /api/demands/board", DEMAND_OVERSEERS),
    api("GET /api/demands/desk", DEMAND_UNITS),
    api("GET /api/demands/supervision", DEMAND_OVERSEERS),
    api("GET /api/demands/enterprises", DEMAND_PAIRERS),
    api(
        "POST /api/demands/enterprises/{enterprise_id}/pairing",
        {DEMANDS_OFFICE},
        forbidden=DEMAND_PAIRERS - {DEMANDS_OFFICE},
    ),
    api("POST /api/demands/visits", {CADRE}, forbidden=DEMAND_PAIRERS - {CADRE}),
    api("GET /api/demands/{demand_id}", DEMAND_PEOPLE, outsiders=NOT_THEIR_DEMAND),
    *(
        api(f"POST /api/demands/{{demand_id}}/{step}", DEMAND_UNITS, DEMAND_PEOPLE - DEMAND_UNITS, NOT_THEIR_DEMAND)
        for step in ("accept", "send-back", "respond", "complex", "progress", "reply")
    ),
    *(
        api(
            f"POST /api/demands/{{demand_id}}/{step}",
            {DEMANDS_OFFICE},
            DEMAND_PEOPLE - {DEMANDS_OFFICE},
            NOT_THEIR_DEMAND,
        )
        for step in ("assign", "close")
    ),
    api(
        "POST /api/demands/{demand_id}/confirm",
        {CADRE},
        forbidden=DEMAND_PEOPLE - {CADRE},
        outsiders=NOT_THEIR_DEMAND,
        note="the enterprise itself, or its cadre on its behalf; a resident their own demand",
    ),
    # 督办: any leader writes an instruction (批示), the lead unit answers it; the office clears a false repeat mark.
    api("POST /api/demands/{demand_id}/instructions", {LEADER}, DEMAND_PEOPLE - {LEADER}, NOT_THEIR_DEMAND),
    api(
        "POST /api/demands/{demand_id}/instructions/{instruction_id}/answer",
        DEMAND_UNITS,
        DEMAND_PEOPLE - DEMAND_UNITS,
        NOT_THEIR_DEMAND,
    ),
    api(
        "POST /api/demands/{demand_id}/repeat/clear",
        {DEMANDS_OFFICE},
        DEMAND_PEOPLE - {DEMANDS_OFFICE},
        NOT_THEIR_DEMAND,
    ),
    api(
        "POST /api/demands/hotline",
        (),
        caller="the 12345 hotline's system",
        note="the 12345 hotline's system with its key (X-Api-Key, demands.HotlineKey), never an account; "
        "tests/demands/test_hotline.py",
    ),
    api(
        "GET /api/demands/enterprises/{enterprise_id}/file",
        DEMAND_PAIRERS,
        outsiders=NOT_THEIR_ENTERPRISE,
        note="一企一档: the office, leaders, the paired cadre, and the enterprise itself",
    ),
    api("GET /api/demands/figures", DEMAND_OVERSEERS),
    api("GET /api/demands/ledger.xlsx", DEMAND_USERS, note="each exports the demands they may see"),
    # 附件: who sees the demand downloads its files; its party, its raiser and the lead unit add them —
    # tests/demands/test_attachments.py.
    api(
        "POST /api/demands/{demand_id}/attachments",
        DEMAND_UNITS,
        DEMAND_PEOPLE - DEMAND_UNITS,
        NOT_THEIR_DEMAND,
        note="the enterprise or resident of the demand, whoever raised it, and the lead unit; not once closed",
    ),
    api("GET /api/demands/{demand_id}/attachments/{attachment_id}", DEMAND_PEOPLE, outsiders=NOT_THEIR_DEMAND),
    # --- the cockpit and notifications ----------------------------------------------------------------------------
    api("GET /api/cockpit/summary", LEADERS),
    api("GET /api/notifications", LOGGED_IN, note="the person's own notifications"),
    api("POST /api/notifications/read-all", LOGGED_IN, note="the person's own notifications"),
    api("GET /api/notifications/preferences", LOGGED_IN, note="the person's own channels"),
    api("PUT /api/notifications/preferences", LOGGED_IN, note="the person's own channels"),
    api("POST /api/notifications/{notification_id}/read", {APPLICANT}, outsiders=NOT_THEIR_NOTIFICATION),
]

PAGE_ROUTES = [
    # --- public ---------------------------------------------------------------------------------------------------
    page("healthz", EVERYONE),
    page("home", EVERYONE),
    page("catalog", EVERYONE),
    page("item", EVERYONE),
    page("bundle", EVERYONE),
    page("license-verify", EVERYONE),
    page("document-verify", EVERYONE),
    page("login", EVERYONE, methods=GET_POST),
    page("admin-login", EVERYONE, methods=GET_POST, note="the same page as login"),
    page("login-code", LOGGED_IN, methods=GET_POST, note="the second step of an account with an authenticator"),
    page("second-factor", STAFF, methods=GET_POST, note="enrolling an authenticator; required of administrators"),
    page("password-change", LOGGED_IN, methods=GET_POST),
    page("password-reset", EVERYONE, methods=GET_POST, note="the same answer whether or not the account exists"),
    page("password-reset-code", EVERYONE, methods=GET_POST),
    page("audit-log", {AUDIT_ADMIN}, note="the audit administrator's: filters and an Excel export, itself recorded"),
    page("logout", EVERYONE, methods=POST),
    page("api:openapi-json", STAFF, note="everyone in development mode (DEBUG=1)"),
    page("api:openapi-view", STAFF, note="everyone in development mode (DEBUG=1)"),
    # --- the applicant's portal: the apply buttons are public, so others are told whose pages these are -----------
    page("portal", {APPLICANT}, forbidden=STAFF),
    page("portal-apply-bundle", {APPLICANT}, forbidden=STAFF, methods=GET_POST),
    page("portal-apply-item", {APPLICANT}, forbidden=STAFF, methods=GET_POST),
    page("portal-apply-check", {APPLICANT}, forbidden=STAFF, methods=POST),
    page("portal-case", {APPLICANT}, forbidden=STAFF, outsiders=NOT_THEIR_CASE),
    page("portal-upload", {APPLICANT}, forbidden=STAFF, outsiders=NOT_THEIR_CASE, methods=POST),
    page("portal-submit", {APPLICANT}, forbidden=STAFF, outsiders=NOT_THEIR_CASE, methods=POST),
    page("portal-use-wallet", {APPLICANT}, forbidden=STAFF, outsiders=NOT_THEIR_CASE, methods=POST),
    page("portal-withdraw", {APPLICANT}, forbidden=STAFF, outsiders=NOT_THEIR_CASE, methods=GET_POST),
    # --- the window, the department desk, the leader's overview ---------------------------------------------------
    page("window-queue", WINDOW),
    page("window-case", WINDOW, methods=GET_POST),
    page("window-objection", WINDOW, methods=POST),
    page("window-collected", WINDOW, methods=POST),
    page("window-walk-in", WINDOW),
    page("window-walk-in-new", WINDOW, methods=GET_POST),
    page("window-walk-in-materials", WINDOW, methods=GET_POST),
    page("desk-queue", {APPROVER}),
    page("desk-task", {APPROVER}, outsiders=NOT_THEIR_TASK, methods=GET_POST),
    page("desk-task-extension", {APPROVER}, outsiders=NOT_THEIR_TASK, methods=POST),
    page("desk-extensions", {DEPT_HEAD}),
    page("desk-extension", {DEPT_HEAD}, outsiders=NOT_THEIR_EXTENSION, methods=POST),
    page("leader-overview", LEADERS),
    page("leader-case", LEADERS),
    page("case-file", CASE_READERS, outsiders=NOT_THEIR_CASE),
    page("sms-optout", EVERYONE, methods=GET_POST, note="the opt-out link every SMS carries; no login"),
    # --- public notices (公示) and their objections -------------------------------------------------------------------
    page("notices", EVERYONE),
    page(
        "notice",
        EVERYONE,
        methods=GET_POST,
        note="the objection form: anonymous allowed, CSRF kept, 429 past the limit",
    ),
    page("notice-objection", EVERYONE, note="the objector's receipt, by the objection's unguessable id"),
    page(
        "objection-evidence",
        {APPROVER},
        outsiders=NOT_THEIR_TASK,
        note="the approvers of the notice's department, who look into the objection",
    ),
    page("desk-objection", {APPROVER}, outsiders=NOT_THEIR_TASK, methods=POST, note="异议成立 / 不成立"),
    page(
        "case-personal-data",
        PERSONAL_DATA_READERS,
        forbidden=CASE_READERS - PERSONAL_DATA_READERS,
        outsiders=NOT_THEIR_CASE,
        methods=POST,
        note=PERSONAL_DATA_NOTE,
    ),
    # --- licenses, ratings ----------------------------------------------------------------------------------------
    page("license-pdf", LICENSE_READERS, outsiders=NOT_THEIR_CASE),
    page("document-pdf", CASE_READERS, outsiders=NOT_THEIR_CASE),
    page("satisfaction", SATISFACTION_READERS),
    page(
        "ratings-rate",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
        methods=POST,
        note="no staff rates (国办发〔2019〕51号)",
    ),
    page(
        "ratings-confirm",
        {APPLICANT},
        forbidden=CASE_READERS - {APPLICANT},
        outsiders=NOT_THEIR_CASE,
        methods=POST,
    ),
    page("ratings-push", {CLERK}, methods=POST, note="the window sends a walk-in case to its evaluator"),
    page("ratings-evaluator", {CLERK}, methods=GET_POST),
    page(
        "rate-by-link",
        {ANONYMOUS, APPLICANT},
        forbidden=STAFF,
        methods=GET_POST,
        note="a walk-in's own link (QR code), no login; staff logged in are refused",
    ),
    page("evaluator", {ANONYMOUS, APPLICANT}, forbidden=STAFF, methods=GET_POST, note="the window's tablet"),
    page("evaluator-poll", {ANONYMOUS, APPLICANT}, forbidden=STAFF),
    page("ratings-appeals", {APPROVER, ADMIN}),
    page("ratings-appeal", {APPROVER, ADMIN}, methods=GET_POST),
    page("rectifications", RECTIFICATION_READERS),
    page("rectification", RECTIFICATION_READERS, outsiders=NOT_THEIR_RECTIFICATION, methods=GET_POST),
    # --- key projects ---------------------------------------------------------------------------------------------
    page("projects-register", ZONE_STAFF),
    page("projects-export-xlsx", ZONE_STAFF),
    page("projects-export-oc4ids", ZONE_STAFF),
    page("projects-template", ZONE_STAFF),
    page("projects-import", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS, methods=GET_POST),
    page("projects-board", ZONE_STAFF),
    page("projects-stats", ZONE_STAFF),
    page("projects-leaders", ZONE_STAFF),
    page("projects-portfolio", ZONE_STAFF),
    page("projects-my-portfolio", ZONE_STAFF),
    page("projects-requests", ZONE_STAFF),
    page("projects-request", ZONE_STAFF, methods=("GET",)),
    page("projects-photo", ZONE_STAFF),
    page("projects-project", ZONE_STAFF),
    page("projects-edit", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS, methods=GET_POST),
    page("projects-report", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS, methods=GET_POST),
    page("projects-milestone-add", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS, methods=GET_POST),
    page("projects-milestone", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS, methods=GET_POST),
    page("projects-request-new", PROJECT_WRITERS, forbidden=ZONE_STAFF - PROJECT_WRITERS, methods=GET_POST),
    # --- the economy ----------------------------------------------------------------------------------------------
    page("economy-overview", ZONE_STAFF),
    page("economy-import", ECONOMY_WRITERS, forbidden=ZONE_STAFF - ECONOMY_WRITERS, methods=GET_POST),
    page("economy-import-batch", ECONOMY_WRITERS, forbidden=ZONE_STAFF - ECONOMY_WRITERS),
    page("economy-template-xlsx", ZONE_STAFF),
    page("economy-template-csv", ZONE_STAFF),
    page("economy-parks", ZONE_STAFF),
    page("economy-park", ZONE_STAFF),
    page("economy-enterprises", ZONE_STAFF),
    page("economy-enterprise", ZONE_STAFF),
    page("economy-innovation", ZONE_STAFF),
    # --- 万人助万企 -------------------------------------------------------------------------------------------------
    page("demands-list", DEMAND_USERS),
    page("demands-new", DEMAND_RAISERS, forbidden=DEMAND_USERS - DEMAND_RAISERS, methods=GET_POST),
    page("demands-board", DEMAND_OVERSEERS),
    page("demands-desk", DEMAND_UNITS),
    page("demands-enterprises", DEMAND_PAIRERS),
    page("demands-visit-new", {CADRE}, forbidden=DEMAND_PAIRERS - {CADRE}, methods=GET_POST),
    page(
        "demands-demand",
        DEMAND_PEOPLE,
        outsiders=NOT_THEIR_DEMAND,
        methods=GET_POST,
        note="each step refused (403) to whoever may not take it",
    ),
    page("demands-supervision", DEMAND_OVERSEERS, note="leaders and the office: escalated and overdue demands by unit"),
    page(
        "demands-hotline-import",
        {DEMANDS_OFFICE},
        forbidden=DEMAND_USERS - {DEMANDS_OFFICE},
        methods=GET_POST,
        note="12345 work orders from the hotline's .xlsx, all rows or none",
    ),
    page(
        "demands-enterprise-file",
        DEMAND_PAIRERS,
        outsiders=NOT_THEIR_ENTERPRISE,
        note="一企一档: the office, leaders, the paired cadre, and the enterprise itself",
    ),
    page("demands-figures", DEMAND_OVERSEERS),
    page("demands-ledger", DEMAND_USERS, note="each exports the demands they may see"),
    page("demands-attachment", DEMAND_PEOPLE, outsiders=NOT_THEIR_DEMAND, note="a demand's file: who sees the demand"),
    page(
        "demands-visit-photo",
        DEMAND_PAIRERS,
        outsiders=NOT_THEIR_ENTERPRISE,
        note="a visit's photo: the office, leaders, the paired cadre, and who sees a demand found on the visit",
    ),
    # --- the cockpit and notifications ----------------------------------------------------------------------------
    page("cockpit", LEADERS),
    page("cockpit-tiles", LEADERS),
    page("notifications", LOGGED_IN),
    page("notifications-read-all", LOGGED_IN, methods=POST),
    page("notification-preferences", LOGGED_IN, methods=GET_POST, note="the person's own channels"),
    page("notification-read", {APPLICANT}, outsiders=NOT_THEIR_NOTIFICATION, methods=POST),
]

ROUTES = API_ROUTES + PAGE_ROUTES


# --- docs/access.md -------------------------------------------------------------------------------------------------

SHOWN = {None: "✓", 401: "401", 403: "403", 404: "404", "login": "login"}


def _row(route: Route) -> str:
    name = f"`{route.key}`" if route.is_api else f"`{route.key}` ({', '.join(route.methods)})"
    cells = [SHOWN[route.refusal(role)] for role in ROLES]
    notes = [f"{account}: {status}" for account, status in route.outsiders]
    if route.caller:
        notes.insert(0, f"caller: {route.caller}")
    if route.note:
        notes.insert(0, route.note)
    return f"| {name} | {' | '.join(cells)} | {'; '.join(notes)} |"


def _table(routes: list[Route]) -> list[str]:
    return [f"| route | {' | '.join(ROLES)} | notes |", "|---" * (len(ROLES) + 2) + "|", *map(_row, routes)]


# The admin site (/admin/) for each administrator, by app label or "app_label.model": what they may do there. Each
# account's permissions are exactly its role's (gaoxin.accounts keeps a group per role in step with this table); the
# superuser, made by `createsuperuser`, is for installing the platform only.
ALL = ("view", "add", "change", "delete")
VIEW = ("view",)
ADMIN_SITE = {
    ADMIN: {
        "catalog": ALL,
        "workdays": ALL,
        "documents": ALL,
        "notifications.messagetemplate": ALL,
        "notifications.notification": VIEW,
        "notifications.delivery": VIEW,
        "certificates": ALL,
        "economy": ALL,
        "projects": ALL,
        "demands": ALL,
        "ratings": VIEW,  # a rating is the applicant's; appeals are decided on their pages
        "cases": VIEW,
        "jobs": VIEW,
        "accounts.department": ALL,
    },
    SECURITY_ADMIN: {
        "accounts.user": ALL,
        "accounts.apitoken": ("view", "change"),
        "accounts.loginlock": ("view", "change"),  # change: lifting a lock (the admin's unlock action)
        # A lost phone: the device is deleted and its owner enrols a new one at the next sign-in.
        "otp_totp.totpdevice": ("view", "delete"),
    },
    AUDIT_ADMIN: {
        "core.auditevent": VIEW,
        "accounts.user": VIEW,
        "accounts.apitoken": VIEW,
        "accounts.loginlock": VIEW,
        "otp_totp.totpdevice": VIEW,
    },
}


def _admin_site_table() -> list[str]:
    lines = ["| role | may | in |", "|---|---|---|"]
    for role, grants in ADMIN_SITE.items():
        for target, actions in grants.items():
            lines.append(f"| {role} | {', '.join(actions)} | `{target}` |")
    return lines


def render_markdown() -> str:
    rule = __doc__.split("How a refusal looks (the rule the walk checks):", 1)[1].split("Roles are", 1)[0].strip()
    lines = [
        "# Who may use what",
        "",
        "Generated from `gaoxin/core/access.py` by `python -m gaoxin.core.access > docs/access.md`; "
        "`tests/access/` fails when this file is stale and walks the table for every role.",
        "",
        "✓ allowed; 401 / login: nobody logged in (API / page); 403: may know it exists but may not do this; "
        "404: not theirs to know of. For an object, ✓ means its own people (the case's applicant, the task's "
        "department, the project's officer, the notification's reader); the notes name demo accounts for whom it "
        "is not theirs.",
        "",
        rule,
        "",
        "## API",
        "",
        *_table(API_ROUTES),
        "",
        "## Pages",
        "",
        *_table(PAGE_ROUTES),
        "",
        "## The admin site (`/admin/`)",
        "",
        "For the three administrators only (三权分立), each on their own part; anything not listed is refused. The "
        "superuser is for installation only.",
        "",
        *_admin_site_table(),
        "",
        "Not in the tables: the language switch (`/i18n/setlang/`, Django's view, public).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_markdown(), end="")
