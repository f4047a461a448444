from tests import pages


def test_each_role_lands_on_its_home_page(app, client, world):
    homes = {
        "author_gp": "My reports",
        "chair": "My conferences",
        "qa": "Audit summary",
        "admin": "Users",
    }
    for who, heading in homes.items():
        fresh = app.test_client()
        response = pages.sign_in(fresh, world.emails[who], "correct horse battery staple")
        assert response.status_code == 302
        page = pages.get(fresh, response.headers["Location"])
        assert page.h1 == heading
