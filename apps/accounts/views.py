"""The administrators' simple user-management page (the Django admin offers the same)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from . import access, services
from .forms import UserForm


def _require_admin(request: HttpRequest) -> None:
    if not access.is_admin(request.user):
        raise PermissionDenied("只有系统管理员可以管理账号。")


def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    users = (
        User.objects.select_related("profile__official")
        .prefetch_related("profile__units")
        .order_by("username")
    )
    return render(request, "accounts/user_list.html", {"users": users})


def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    user = get_object_or_404(User.objects.select_related("profile"), pk=pk) if pk else None
    initial = {}
    if user is not None:
        profile = getattr(user, "profile", None)
        initial = {
            "username": user.username,
            "full_name": user.first_name,
            "email": user.email,
            "is_active": user.is_active,
            "role": profile.role if profile else "",
            "units": list(profile.units.all()) if profile else [],
            "official": profile.official if profile else None,
        }
    form = UserForm(request.POST or None, initial=initial, editing=user is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if user is None:
                services.user_create(
                    username=data["username"],
                    full_name=data["full_name"],
                    email=data["email"],
                    password=data["password"],
                    role=data["role"],
                    units=data["units"],
                    official=data["official"],
                )
            else:
                services.user_update(
                    user=user,
                    full_name=data["full_name"],
                    email=data["email"],
                    role=data["role"],
                    units=data["units"],
                    official=data["official"],
                    is_active=data["is_active"],
                )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "账号已保存。")
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "edited": user})
