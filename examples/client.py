"""A client of the Urgent Actions REST API: log in, list the open actions,
count a letter.

    python examples/client.py --url http://localhost:8080/Plone \\
        --user demo --password demo-letters

logs in as the member (a JSON Web Token from ``@login``), prints the open
Urgent Actions with their letter totals and counts one letter for the first
of them (``--ua 065/20`` picks another, ``--quantity`` and ``--channel`` say
how many and how they were sent). Needs ``requests``.
"""

import argparse
import requests
import sys
import uuid


class ApiError(Exception):
    """An error answer of the API, with its message."""


class UrgentActionsClient:
    def __init__(self, url, timeout=30):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"

    def call(self, method, url, **kwargs):
        if not url.startswith("http"):
            url = f"{self.url}/{url}"
        response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not response.ok:
            error = body.get("error", body)
            message = error.get("message") or response.reason
            raise ApiError(f"{response.status_code}: {message}")
        return body

    def login(self, user, password):
        """Authenticate every further call with a token (no cookie, so no
        CSRF token is needed)."""
        token = self.call("POST", "@login", json={"login": user, "password": password})
        self.session.cookies.clear()
        self.session.headers["Authorization"] = f"Bearer {token['token']}"

    def open_actions(self):
        """All open actions, page by page."""
        url = "@urgent-actions?status=open&b_size=100"
        while url:
            page = self.call("GET", url)
            yield from page["items"]
            url = page.get("batching", {}).get("next")

    def action(self, ua_number):
        """One action by its number ("065/20")."""
        return self.call("GET", f"@urgent-actions/{ua_number.replace('/', '-')}")

    def count_letters(self, action_url, quantity=1, channel=None):
        data = {"quantity": quantity, "submission_id": uuid.uuid4().hex}
        if channel:
            data["channel"] = channel
        return self.call("POST", f"{action_url}/@letters", json=data)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8080/Plone")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--ua", help="the UA number to count for, e.g. 065/20")
    parser.add_argument("--quantity", type=int, default=1)
    parser.add_argument("--channel", help="letter, email, fax, ...")
    args = parser.parse_args(argv)

    client = UrgentActionsClient(args.url)
    try:
        client.login(args.user, args.password)
        actions = list(client.open_actions())
        print(f"{len(actions)} open Urgent Actions:")
        for action in actions:
            print(
                f"  UA {action['ua_number']:<9} {action['letters_total']:>6} letters"
                f"  {action['title']} ({action['country']['title']})"
            )
        if args.ua:
            target = client.action(args.ua)
        elif actions:
            target = actions[0]
        else:
            print("Nothing to count for.")
            return 0
        state = client.count_letters(target["@id"], args.quantity, args.channel)
    except (ApiError, requests.RequestException) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    print(
        f"Counted {args.quantity} for UA {target['ua_number']}: you sent "
        f"{state['mine']}, {state['total']} letters in all."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
