"""The demo: two fictional ZATO towns with a year of history, built in seconds (`veche demo`).

An assembly layer like `web` and `api`: it imports the core, and nothing imports it."""
