"""Django's password validators, with the Vietnamese messages users see.

Django's Vietnamese catalogue leaves some of these messages in English (the minimum length one,
for example), so each message is written here instead of relying on it.
"""

from django.contrib.auth import password_validation as django_validators
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.")

    def get_help_text(self) -> str:
        return _("Mật khẩu phải có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá giống với thông tin cá nhân (%(verbose_name)s).")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được quá giống tên đăng nhập, họ tên hoặc thư điện tử.")


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu này quá phổ biến, dễ bị đoán ra.")

    def get_help_text(self) -> str:
        return _("Không dùng mật khẩu phổ biến.")


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")
