"""Block Kit and text for everything Followthrough shows people."""
