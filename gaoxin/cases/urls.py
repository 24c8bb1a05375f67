"""The pages of the service hall, one module per person: applicant portal, window desk, department desk, leader."""

from gaoxin.cases.views import desk, files, leader, personal, portal, window

urlpatterns = (
    portal.urlpatterns
    + window.urlpatterns
    + desk.urlpatterns
    + leader.urlpatterns
    + files.urlpatterns
    + personal.urlpatterns
)
