#!/bin/sh
mkdir -p fixtures
