"""The pages of the service hall, one module per person: applicant portal, window desk, department desk, leader, and
the public notices (公示) everyone reads."""

from gaoxin.cases.views import desk, files, leader, notices, personal, portal, window

urlpatterns = (
    portal.urlpatterns
    + window.urlpatterns
    + desk.urlpatterns
    + leader.urlpatterns
    + files.urlpatterns
    + notices.urlpatterns
    + personal.urlpatterns
)
