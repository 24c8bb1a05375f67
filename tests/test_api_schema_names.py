"""django-ninja names each schema in the OpenAPI document by its class name alone: two schemas of one name would
leave one route documented (and fuzzed) with the other's fields."""

from collections import defaultdict

import pytest
from ninja import Schema

from gaoxin.api import api

pytestmark = pytest.mark.django_db


def schemas_in_use() -> set[type]:
    used = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                used |= set(_models(operation))
    return used


def _models(operation):
    for response in operation.response_models.values():
        yield from _schema_types(response)
    for model in operation.models:
        for field in model.model_fields.values():
            yield from _schema_types(field.annotation)


def _schema_types(annotation):
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _schema_types(field.annotation)
    for argument in getattr(annotation, "__args__", ()) or ():
        yield from _schema_types(argument)


def test_no_two_schemas_of_the_api_share_a_name():
    by_name = defaultdict(set)
    for model in schemas_in_use():
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert {name: places for name, places in by_name.items() if len(places) > 1} == {}
