import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from nghiquyet.accounts.models import Membership
from nghiquyet.audit.models import AuditEntry

MEMBERS_READ = {"anonymous": 302, "xa": 404, "chibo": 404, "lanhdao": 404, "tinhuy": 200}


def test_members_page_is_for_managers_only(client_for, persona):
    response = client_for(persona).get(reverse("accounts:members", args=["P-CL"]))
    assert response.status_code == MEMBERS_READ[persona]


def test_admin_creates_a_user_with_a_scoped_role(client_for):
    data = {
        "create": "1",
        "user-username": "pcl-vanphong",
        "user-full_name": "Võ Thị Lan",
        "user-password": "mot-mat-khau-dai",
        "user-role": "nhap_lieu",
        "user-email": "",
    }
    response = client_for("tinhuy").post(reverse("accounts:members", args=["P-CL"]), data)
    assert response.status_code == 302
    user = User.objects.get(username="pcl-vanphong")
    assert list(user.memberships.values_list("organisation__code", "role")) == [
        ("P-CL", "nhap_lieu")
    ]
    assert AuditEntry.objects.filter(
        action="accounts.membership.grant", actor__username="tinhuy"
    ).exists()


def test_duplicate_username_is_refused_on_the_field(client_for):
    data = {
        "create": "1",
        "user-username": "XA",
        "user-full_name": "Ai đó",
        "user-password": "mot-mat-khau-dai",
        "user-role": "xem",
    }
    response = client_for("tinhuy").post(reverse("accounts:members", args=["P-CL"]), data)
    assert response.status_code == 422
    assert "đã có người dùng" in response.content.decode()
    assert User.objects.filter(username__iexact="xa").count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("xa", 404), ("lanhdao", 404), ("chibo", 404), ("tinhuy", 302)]
)
def test_revoking_a_membership_needs_manage_on_its_unit(cast, client_for, who, status):
    membership = Membership.objects.get(user=cast.xa)
    response = client_for(who).post(reverse("accounts:revoke_membership", args=[membership.pk]))
    assert response.status_code == status
    assert Membership.objects.filter(pk=membership.pk).exists() == (status != 302)


def test_profile_issues_a_token_once_and_revokes_it(cast, client_for):
    client = client_for("xa")
    html = client.post(reverse("accounts:profile"), {"name": "Tích hợp"}).content.decode()
    assert "chỉ hiện một lần" in html
    token = cast.xa.api_tokens.get()
    assert token.prefix in html
    # Another user cannot revoke it.
    assert (
        client_for("tinhuy").post(reverse("accounts:revoke_token", args=[token.pk])).status_code
        == 404
    )
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
