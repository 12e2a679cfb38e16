"""CloudFormation templates (YAML or JSON) into the model."""
