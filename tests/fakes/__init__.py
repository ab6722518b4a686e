"""Local stand-ins for outside services (OIDC provider, SMS gateway), served on 127.0.0.1."""
