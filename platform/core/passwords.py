"""Password policy: Django's validators with Chinese messages, plus character classes.

The messages are written here rather than taken from Django's translation
catalogue so they read the same wherever a password is checked (a request,
a management command, a task) and do not depend on the active language.
"""

from __future__ import annotations

import string

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError

# Attributes a password must not resemble; `full_name` is this project's name field.
USER_ATTRIBUTES = ("username", "full_name", "email")
_ATTRIBUTE_NAMES = {"username": "用户名", "full_name": "姓名", "email": "电子邮箱"}


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self):
        return "密码过于常见，容易被猜中"

    def get_help_text(self):
        return "密码不能是常见密码"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全部是数字"

    def get_help_text(self):
        return "密码不能全部是数字"


class UserAttributeSimilarityValidator(
    django_validators.UserAttributeSimilarityValidator
):
    """Django's comparison, naming the attribute in Chinese.

    Django names it by the model field's verbose_name, which for the fields
    inherited from AbstractUser depends on the active language.
    """

    def __init__(self, user_attributes=USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def validate(self, password, user=None):
        if not user:
            return
        for attribute in self.user_attributes:
            value = getattr(user, attribute, None)
            if not value or not isinstance(value, str):
                continue
            try:
                django_validators.UserAttributeSimilarityValidator(
                    user_attributes=(attribute,), max_similarity=self.max_similarity
                ).validate(password, user)
            except ValidationError as error:
                label = _ATTRIBUTE_NAMES.get(attribute, attribute)
                raise ValidationError(
                    f"密码与{label}过于相似", code="password_too_similar"
                ) from error

    def get_help_text(self):
        return "密码不能与用户名、姓名或电子邮箱相似"


class CharacterClassesValidator:
    """At least three of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c in string.ascii_uppercase for c in password),
            any(c in string.ascii_lowercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                self._message(), code="password_too_few_character_classes"
            )

    def get_help_text(self):
        return self._message()

    def _message(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类"
