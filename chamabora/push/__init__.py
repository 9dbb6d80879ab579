"""Push notifications to members who use the app (Firebase Cloud Messaging)."""
