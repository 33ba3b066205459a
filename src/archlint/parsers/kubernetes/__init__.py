"""Kubernetes manifests: plain multi-document YAML and kustomizations."""
