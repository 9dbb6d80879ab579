"""Push to members who use the app or a browser: the routes the app calls (enrol, sign out)."""
