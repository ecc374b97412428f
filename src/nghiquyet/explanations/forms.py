from django import forms


class AskForm(forms.Form):
    question = forms.CharField(
        label="Nội dung yêu cầu giải trình",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Nội dung giải trình", max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
