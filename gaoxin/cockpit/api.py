"""The cockpit API (/api/cockpit): the figures of the leaders' dashboard in one call, for leaders and
administrators (bearer token or session). Anyone else logged in gets 404, as for the page; nobody logged in, 401."""

from ninja import Router

from gaoxin.cockpit import selectors
from gaoxin.cockpit.schemas import SummaryOut
from gaoxin.core.api import AUTH, ERRORS

router = Router(auth=AUTH, tags=["领导驾驶舱 cockpit"])


@router.get(
    "/summary",
    response={200: SummaryOut, **ERRORS},
    summary="驾驶舱汇总：政务服务（今日收件、在办、按时办结率、满意度、各部门超期）、重点项目（开工率、投资完成与序时进度、"
    "红色预警）、经济运行（与全市对比的增速、百分点差、排名及历年趋势）",
)
def summary(request):
    return selectors.summary(request.user)
