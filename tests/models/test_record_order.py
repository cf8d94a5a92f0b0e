"""Import, backup and restore write the records in `record_models()` order: each model
after every model it refers to, whatever order the classes are written in."""

import random

import pytest
from django.db import models

from summits.models import (
    DependencyCycle,
    dependency_order,
    models_in_dependency_order,
    record_models,
)


def _referenced(model: type[models.Model], among: list) -> set:
    """The other models of `among` that `model` refers to, read off all its fields."""
    return {
        field.related_model
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created  # forward: FK, O2O, M2M
        if field.related_model in among and field.related_model is not model
    }


def _through_models(model: type[models.Model], among: list) -> set:
    """The models of `among` that hold the rows of `model`'s many-to-manys."""
    return {field.remote_field.through for field in model._meta.many_to_many} & set(among)


def _assert_valid(order: list) -> None:
    position = {model: i for i, model in enumerate(order)}
    for model in order:
        for other in _referenced(model, order):
            assert position[other] < position[model], f"{model.__name__} before {other.__name__}"
        for through in _through_models(model, order):
            assert position[model] < position[through], f"{through.__name__} before {model}"


def test_every_record_comes_after_every_record_it_refers_to():
    order = record_models()
    _assert_valid(order)
    # The relations the check walks are there: it would catch a model out of place.
    assert any(_referenced(model, order) for model in order)
    assert any(_through_models(model, order) for model in order)


@pytest.mark.parametrize("seed", range(20))
def test_a_shuffled_class_order_still_gives_a_valid_order(seed):
    shuffled = record_models()
    random.Random(seed).shuffle(shuffled)
    order = models_in_dependency_order(shuffled)
    assert sorted(order, key=str) == sorted(shuffled, key=str)
    _assert_valid(order)


def test_the_class_order_is_kept_where_it_is_valid_already():
    order = record_models()
    assert models_in_dependency_order(order) == order
    assert models_in_dependency_order(list(reversed(order))) != list(reversed(order))


def test_dependency_order_puts_each_node_after_what_it_depends_on():
    depends_on = {"item": {"meeting", "summit"}, "meeting": {"summit"}, "summit": {"country"}}
    nodes = ["item", "meeting", "summit", "country"]
    assert dependency_order(nodes, depends_on) == ["country", "summit", "meeting", "item"]


def test_dependency_order_breaks_ties_by_the_order_given():
    depends_on = {"c": {"a"}, "b": {"a"}}
    assert dependency_order(["a", "c", "b"], depends_on) == ["a", "c", "b"]
    assert dependency_order(["b", "c", "a"], depends_on) == ["a", "b", "c"]
    assert dependency_order(["x", "y", "z"], {}) == ["x", "y", "z"]


def test_dependency_order_ignores_self_references_and_strangers():
    depends_on = {"organisation": {"organisation", "country"}, "country": {"user"}}
    assert dependency_order(["organisation", "country"], depends_on) == [
        "country",
        "organisation",
    ]


def test_dependency_order_names_a_cycle():
    depends_on = {"a": {"b"}, "b": {"c"}, "c": {"b"}, "d": set()}
    with pytest.raises(DependencyCycle, match="cycle: b → c → b"):
        dependency_order(["a", "b", "c", "d"], depends_on)
