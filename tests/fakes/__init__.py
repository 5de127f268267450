"""Test doubles and workbook fixtures for the workbook-layer tests."""
