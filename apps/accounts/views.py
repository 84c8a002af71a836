"""Account pages: the system administrator's user management, the security administrator's
roles, password resets and lockouts, and everyone's own password change."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import access, services
from .forms import RoleForm, UnlockForm, UserForm, password_help
from .middleware import password_change_due
from .models import Profile


def _require_admin(request: HttpRequest) -> None:
    if not access.is_admin(request.user):
        raise PermissionDenied("只有系统管理员可以管理账号。")


def _form_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def user_list(request: HttpRequest) -> HttpResponse:
    if not access.can_list_users(request.user):
        raise PermissionDenied("只有系统管理员和安全管理员可以查看账号。")
    users = (
        User.objects.select_related("profile__official")
        .prefetch_related("profile__units")
        .order_by("username")
    )
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": users,
            "can_edit": access.is_admin(request.user),
            "can_grant": access.is_security_admin(request.user),
        },
    )


def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    user = get_object_or_404(User.objects.select_related("profile"), pk=pk) if pk else None
    initial = {}
    profile = getattr(user, "profile", None) if user is not None else None
    privileged = user is not None and (user.is_superuser or (profile and profile.role in Profile.PRIVILEGED))
    if user is not None:
        initial = {
            "username": user.username,
            "full_name": user.first_name,
            "email": user.email,
            "is_active": user.is_active,
            "role": profile.role if profile else "",
            "units": list(profile.units.all()) if profile else [],
            "official": profile.official if profile else None,
        }
    form = UserForm(
        request.POST or None, initial=initial, editing=user is not None, privileged=bool(privileged)
    )
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
                    by=request.user,
                    request=request,
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
                    by=request.user,
                    request=request,
                )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "账号已保存。")
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "edited": user})


def user_security(request: HttpRequest, pk: int) -> HttpResponse:
    """The security administrator's page for one account: its role and a password reset."""
    access.require_security_admin(request.user)
    user = get_object_or_404(User.objects.select_related("profile"), pk=pk)
    profile = getattr(user, "profile", None)
    action = request.POST.get("action") if request.method == "POST" else None
    role_form = RoleForm(
        request.POST if action == "role" else None, initial={"role": profile.role if profile else ""}
    )
    password_form = SetPasswordForm(user, request.POST if action == "password" else None)
    try:
        if action == "role" and role_form.is_valid():
            services.user_set_role(
                user=user, role=role_form.cleaned_data["role"], by=request.user, request=request
            )
            messages.success(request, "角色已变更。")
            return redirect("accounts:users")
        if action == "password" and password_form.is_valid():
            services.user_reset_password(
                user=user,
                password=password_form.cleaned_data["new_password1"],
                by=request.user,
                request=request,
            )
            messages.success(request, f"已重置 {user.username} 的密码，该用户下次登录时须修改密码。")
            return redirect("accounts:users")
    except ValidationError as error:
        _form_errors(role_form if action == "role" else password_form, error)
    return render(
        request,
        "accounts/user_security.html",
        {
            "edited": user,
            "role_form": role_form,
            "password_form": password_form,
            "password_help": password_help(),
        },
    )


def lockout_list(request: HttpRequest) -> HttpResponse:
    access.require_security_admin(request.user)
    return render(
        request,
        "accounts/lockouts.html",
        {
            "lockouts": services.lockouts(),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "absolute_hours": settings.SESSION_ABSOLUTE_HOURS,
            "expiry_days": settings.PASSWORD_EXPIRY_DAYS,
            "password_help": password_help(),
        },
    )


@require_POST
def lockout_release(request: HttpRequest) -> HttpResponse:
    access.require_security_admin(request.user)
    form = UnlockForm(request.POST)
    if form.is_valid():
        services.lockout_release(
            kind=form.cleaned_data["kind"], value=form.cleaned_data["value"], by=request.user, request=request
        )
        messages.success(request, f"已解除对 {form.cleaned_data['value']} 的锁定。")
    return redirect("accounts:lockouts")


def role_home(user) -> str:
    """Where a signed-in user starts: the two roles that see no items go to their own pages."""
    if access.is_auditor(user):
        return reverse("audit:events")
    if access.is_security_admin(user):
        return reverse("accounts:users")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Django's login (django-axes watches it); the auditor and security administrator land on their pages."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return role_home(self.request.user)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Everyone's own password change; also where a due change (new, reset, expired) leads."""

    template_name = "registration/password_change_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["due"] = password_change_due(self.request.user)
        context["password_help"] = password_help()
        return context

    def form_valid(self, form):
        form.save()
        update_session_auth_hash(self.request, form.user)
        services.password_changed(user=form.user, request=self.request)
        messages.success(self.request, "密码已修改。")
        return redirect(role_home(form.user))
