from django import forms


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="Nhận thông báo qua thư điện tử", required=False)
