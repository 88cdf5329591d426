"""The home page: what a visitor or a signed-in user sees first (public debates, their maps,
what is due or waiting for review in their courses)."""
