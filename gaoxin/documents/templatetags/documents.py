from django import template

from gaoxin.documents.selectors import document_list_out

register = template.Library()


@register.simple_tag
def case_documents(case_id):
    """The documents issued on a case, oldest first: {% case_documents case.id as documents %}."""
    return document_list_out(case_id)
