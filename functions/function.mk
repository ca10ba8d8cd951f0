# What every function's Makefile does for `sam build` (template.yaml: Metadata BuildMethod: makefile). It compiles
# nothing: it unpacks the shaded jar that `mvn package` built into $(ARTIFACTS_DIR), so the deployment package holds
# the jar's entries and Lambda puts them in /var/task, which the Java runtime's class loader reads as a directory.
# Unpacked rather than copied into lib/ as one jar: Micronaut lists its bean definitions by walking a directory of
# the class path, which in a jar means opening a zip file system over all its entries at every cold start (ticket-status
# used less CPU unpacked in 8 of 8 pairs here, create-ticket in 5 of 8; the bare-SDK floor gains nothing; measured from
# a local disk's page cache, not in Lambda, whose /var/task then serves thousands of files instead of one jar):
# bench/README.md, "Cold start beyond the floor". The bench and DeployableJarsIT load a function from the same layout
# (dev.portal.local.TaskDirectory).
#
# sam build runs a function's Makefile from a scratch copy of its module by default (from the module itself with
# --build-in-source), but always passes the original Makefile's path: the module and this file are found from that
# path, so both modes unpack the freshly built jar. A function's Makefile sets FUNCTION (its logical id in
# template.yaml) and MODULE_DIR, then includes this file.

JAR_NAME := $(notdir $(MODULE_DIR)).jar
JAR      := $(MODULE_DIR)/target/$(JAR_NAME)

.PHONY: build-$(FUNCTION)

build-$(FUNCTION):
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: this target is meant to be run by sam build" >&2; exit 1; }
	@test -f "$(JAR)" || { echo "$(JAR) not found: run mvn package first (e.g. mvn -pl functions/$(notdir $(MODULE_DIR)) -am package)" >&2; exit 1; }
	mkdir -p "$(ARTIFACTS_DIR)"
	python3 -m zipfile -e "$(JAR)" "$(ARTIFACTS_DIR)"
