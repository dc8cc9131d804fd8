"""stewarding"""
