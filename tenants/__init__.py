"""Units (组织部门) as tenants, their users, departments and roles."""
