"""One more check on every field of a model, after Django's own: the shared skeleton of the
model mixins that refuse control characters and internal e-mail addresses."""

from django.core.exceptions import ValidationError


def clean_fields_then(instance, django_clean_fields, exclude, field_error):
    """Run `django_clean_fields(exclude=exclude)`, then `field_error(field, value)` on every
    concrete field that `exclude` does not name and Django found nothing wrong with; raise all
    errors together, so a form shows each field's own.

    `field_error` returns a `ValidationError` or None."""
    errors = {}
    try:
        django_clean_fields(exclude=exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field in instance._meta.concrete_fields:
        if (exclude and field.name in exclude) or field.name in errors:
            continue
        problem = field_error(field, getattr(instance, field.attname))
        if problem is not None:
            errors[field.name] = problem.error_list
    if errors:
        raise ValidationError(errors)
