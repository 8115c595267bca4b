"""Unit-schema tables carry no database constraint to public-schema tables."""

from django.apps import apps
from django.conf import settings


def test_tenant_models_reference_public_models_without_db_constraints():
    tenant_labels = {
        config.label
        for config in apps.get_app_configs()
        if config.name in settings.TENANT_APPS
    }
    constrained = []
    for model in apps.get_models():
        if model._meta.app_label not in tenant_labels:
            continue
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if not getattr(field, "concrete", False) or related is None:
                continue
            if related._meta.app_label not in tenant_labels and field.db_constraint:
                constrained.append(f"{model.__name__}.{field.name}")
    assert constrained == []
