"""The wording of every kind of message that is a template: the placeholders its sender fills, and the text the
platform ships for each channel, which an administrator may change (MessageTemplate) — one place for all of it.

The text is Chinese whatever language the person acting reads: it is stored and sent later, to others, in the
platform's language. In-app text is also the e-mail's unless an administrator words an e-mail of its own. An SMS
names the gateway's template code: the gateway sends the text it has approved, filled with the parameters that the
text below uses, so the two must be kept alike (a gateway refuses parameters its template does not have).
"""

from dataclasses import dataclass

from gaoxin.notifications.models import Channel, Kind

# Every case message can name these.
CASE = ("case_number", "title", "applicant", "link")
# Every SMS carries the link that stops SMS to its number (docs/decisions/0022-sms-opt-out.md): its text must use it.
OPTOUT = "optout"
OPTOUT_LINE = "退订短信：{optout}"
# Every demand message can name these (gaoxin.demands.actions).
DEMAND = ("number", "title", "party", "unit", "link")


@dataclass(frozen=True)
class Wording:
    placeholders: tuple[str, ...]
    title: str
    body: str
    sms: str = ""
    sms_code: str = ""


WORDING: dict[str, Wording] = {
    Kind.CASE_ACCEPTED: Wording(
        (*CASE, "deadline"),
        "您的办件 {case_number} 已受理",
        "“{title}”已受理，承诺于 {deadline} 前办结。",
        "您的办件{case_number}（{title}）已受理，承诺于{deadline}前办结。",
        "GX_CASE_ACCEPTED",
    ),
    Kind.CASE_NOT_ACCEPTED: Wording(
        (*CASE, "reason"),
        "您的办件 {case_number} 不予受理",
        "“{title}”不予受理。理由：{reason}\n不予受理通知书可在办件页面下载。",
        "您的办件{case_number}（{title}）不予受理，理由：{reason}",
        "GX_CASE_REFUSED",
    ),
    Kind.CORRECTIONS_REQUESTED: Wording(
        (*CASE, "count", "materials", "note"),
        "您的办件 {case_number} 需补正 {count} 项材料",
        "“{title}”需一次性补正以下材料：\n{materials}\n{note}\n请在办件页面补正后重新提交。",
        "您的办件{case_number}需补正{count}项材料：{materials}。请登录平台补正后重新提交。",
        "GX_CORRECTIONS",
    ),
    Kind.STEP_DECIDED: Wording(
        (*CASE, "item", "department", "outcome", "reason"),
        "您的办件 {case_number}：“{item}”{outcome}",
        "{department}对“{item}”作出决定：{outcome}。{reason}",
        "您的办件{case_number}中“{item}”{outcome}。",
        "GX_STEP_DECIDED",
    ),
    Kind.SUPPLEMENT_REQUESTED: Wording(
        (*CASE, "item", "department", "reason", "materials"),
        "您的办件 {case_number} 被退回补充材料",
        "{department}办理“{item}”时退回补充：{reason}\n{materials}\n补充后请重新提交；退回期间不计入办理时限。",
        "您的办件{case_number}被退回补充：{reason}。请登录平台补充后重新提交。",
        "GX_SUPPLEMENT",
    ),
    Kind.TASK_EXTENDED: Wording(
        (*CASE, "item", "department", "days", "deadline", "reason"),
        "您的办件 {case_number} 办理时限延长",
        "“{item}”（{department}）经部门负责人批准延长 {days} 个工作日，法定时限延至 {deadline}。延期理由：{reason}。",
        "您的办件{case_number}中“{item}”延长{days}个工作日，至{deadline}。理由：{reason}",
        "GX_EXTENDED",
    ),
    Kind.CASE_DECIDED: Wording(
        (*CASE, "outcome", "reason", "results", "documents"),
        "您的办件 {case_number} {outcome}",
        "“{title}”{outcome}。{reason}\n{results}\n文书：\n{documents}",
        "您的办件{case_number}（{title}）{outcome}。{results}",
        "GX_CASE_DECIDED",
    ),
    Kind.NOTICE_STARTED: Wording(
        (*CASE, "item", "start", "end"),
        "您的办件 {case_number} 开始公示",
        "“{item}”自 {start} 起公示，至 {end} 届满；公示期内无异议的，届满后继续办理。",
        "您的办件{case_number}自{start}起公示，至{end}届满。",
        "GX_NOTICE_STARTED",
    ),
    Kind.NOTICE_ENDED: Wording(
        (*CASE, "item", "outcome"),
        "您的办件 {case_number} 公示结束",
        "“{item}”的公示已结束：{outcome}",
        "您的办件{case_number}公示结束：{outcome}",
        "GX_NOTICE_ENDED",
    ),
    Kind.NOTICE_OBJECTED: Wording(
        (*CASE, "item", "department", "standing", "receipt"),
        "办件 {case_number} 公示期内收到异议",
        "“{item}”公示期内收到{standing}的异议（回执 {receipt}）。{department}核查前本事项不能办结；"
        "异议经核查成立的，不予简易注销。",
        "办件{case_number}公示期内收到异议（回执{receipt}），{department}核查前暂停办结。",
        "GX_NOTICE_OBJECTED",
    ),
    Kind.RATING_INVITED: Wording(
        (*CASE,),
        "请评价办件 {case_number} 的办理服务",
        "“{title}”已办结。欢迎对本次服务作出评价（好差评），您的意见将用于改进服务。",
        "您的办件{case_number}已办结，欢迎评价本次服务：{link}",
        "GX_RATING_INVITED",
    ),
    Kind.TASK_NEW: Wording(
        (*CASE, "item", "deadline"),
        "新任务：办件 {case_number} 的“{item}”",
        "“{title}”的“{item}”已到本部门，法定时限 {deadline}。",
        "新审批任务：办件{case_number}“{item}”，时限{deadline}。",
        "GX_TASK_NEW",
    ),
    Kind.SUPPLEMENT_ANSWERED: Wording(
        (*CASE, "item"),
        "办件 {case_number} 已补充材料",
        "申请人已补充材料并重新提交，“{item}”恢复办理，时限继续计算。",
    ),
    Kind.RATING_BAD: Wording(
        ("case_number", "level", "comment", "department", "deadline", "link"),
        "办件 {case_number} 收到差评（{level}）",
        "评价：{level}。{comment}\n已为{department}立整改，整改时限 {deadline}。",
    ),
    Kind.REQUEST_ESCALATED: Wording(
        ("project", "request", "department", "deadline", "link"),
        "要素保障需求超期提级：{project}",
        "“{project}”的要素保障需求“{request}”（{department}）已超过办理时限 {deadline}，提级至您处理。",
    ),
    Kind.DEMAND_ASSIGNED: Wording(
        (*DEMAND, "accept_due", "solve_due"),
        "新交办诉求 {number}：{title}",
        "企业服务办向本单位交办“{party}”的诉求“{title}”，请于 {accept_due} 前签收，{solve_due} 前办结。",
    ),
    Kind.DEMAND_REPLIED: Wording(
        (*DEMAND, "result"),
        "您的诉求 {number} 已答复，请确认",
        "{unit}已答复您的诉求“{title}”：{result}。请在诉求页面确认是否满意；不满意的将重新办理。",
        "您的诉求{number}（{title}）已答复：{result}。请登录平台确认是否满意。",
        "GX_DEMAND_REPLIED",
    ),
    Kind.DEMAND_REOPENED: Wording(
        (*DEMAND, "count", "solve_due"),
        "诉求重办：{number}（{party}）",
        "“{party}”对诉求“{title}”的办理结果不满意，已第 {count} 次交{unit}重办，时限 {solve_due}。",
    ),
    Kind.DEMAND_WARNING: Wording(
        (*DEMAND, "stage", "due"),
        "诉求临近期限：{number}",
        "诉求“{title}”（{party}）的{stage}期限为 {due}，已用去八成时间，请抓紧办理；超期将提请单位负责人督办。",
    ),
    Kind.DEMAND_ESCALATED: Wording(
        (*DEMAND, "stage", "due", "level"),
        "超期诉求督办：{number}（{party}）",
        "诉求“{title}”的{stage}已超过期限 {due}（承办单位：{unit}），提请{level}督办。",
    ),
    Kind.DEMAND_INSTRUCTED: Wording(
        (*DEMAND, "leader", "instruction"),
        "领导批示：{number}",
        "{leader}对诉求“{title}”（{party}）作出批示：{instruction}\n请在诉求页面答复。",
    ),
    Kind.DEMAND_INSTRUCTION_ANSWERED: Wording(
        (*DEMAND, "answer"),
        "批示已答复：{number}",
        "{unit}已答复您对诉求“{title}”（{party}）的批示：{answer}",
    ),
    Kind.REPORTS_DUE: Wording(
        ("count", "year", "month", "due", "projects", "link"),
        "请填报 {count} 个项目 {year} 年 {month} 月月报",
        "以下项目须在 {due} 前填报 {year} 年 {month} 月月报；过期关账后不能再填报或修改：\n{projects}",
    ),
    Kind.ACCOUNT_LOCKED: Wording(
        ("username", "failures", "until", "link"),
        "账户 {username} 因登录失败过多已被锁定",
        "账户 {username} 在多个地址共登录失败 {failures} 次，已锁定至 {until}。请在管理后台“登录锁定”中核查来源地址，"
        "确认无风险后可提前解锁。",
    ),
    Kind.DAILY_DIGEST: Wording(
        ("day", "count", "tasks", "link"),
        "{day} 到期提醒：{count} 项任务即将到期",
        "以下任务即将到期或已超期：\n{tasks}",
    ),
    Kind.SIGN_IN_CODE: Wording(
        ("code", "minutes"),
        "您的验证码：{code}",
        "您正在重置高新政务服务平台的登录密码，验证码 {code}，{minutes} 分钟内有效。"
        "如非本人操作，请忽略并尽快联系管理员。",
        "您的验证码为{code}，{minutes}分钟内有效，用于重置登录密码。如非本人操作请忽略。",
        "GX_SIGN_IN_CODE",
    ),
}


def shipped(kind: str, channel: str) -> dict | None:
    """The platform's own template for a kind and channel (title, body, template code), or None if it has none."""
    wording = WORDING.get(kind)
    if wording is None:
        return None
    if channel == Channel.INAPP:
        return {"title": wording.title, "body": wording.body, "template_code": ""}
    if channel == Channel.SMS and wording.sms:
        return {"title": "", "body": f"{wording.sms}{OPTOUT_LINE}", "template_code": wording.sms_code}
    return None


def allowed_placeholders(kind: str, channel: str = Channel.INAPP) -> tuple[str, ...]:
    wording = WORDING.get(kind)
    if wording is None:
        return ()
    return (*wording.placeholders, OPTOUT) if channel == Channel.SMS else wording.placeholders
