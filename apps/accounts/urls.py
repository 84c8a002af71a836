from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_edit, name="user_new"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/security/", views.user_security, name="user_security"),
    path("lockouts/", views.lockout_list, name="lockouts"),
    path("lockouts/release/", views.lockout_release, name="lockout_release"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
