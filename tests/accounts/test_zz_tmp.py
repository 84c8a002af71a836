def test_home(auditor, security, liaison, plan):
    for c in (auditor, security, liaison):
        r = c.get("/")
        print("HOME", c.user.username, r.status_code, r.get("Location"))
