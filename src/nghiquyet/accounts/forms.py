from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy

from nghiquyet.access.roles import Role


class GrantForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)


class UserCreateForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    # The rules (AUTH_PASSWORD_VALIDATORS) are checked by services.user_create.
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        widget=forms.PasswordInput,
        help_text=lazy(lambda: " ".join(password_validators_help_texts()), str)(),
    )
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(label="Tên gợi nhớ của khóa", max_length=100)
