# What every function's Makefile does for `sam build` (template.yaml: Metadata BuildMethod: makefile). It compiles
# nothing: it copies the shaded jar that `mvn package` built into $(ARTIFACTS_DIR)/lib/, which the Lambda Java runtime
# puts on the classpath (/var/task/lib/*.jar).
#
# sam build runs a function's Makefile from a scratch copy of its module by default (from the module itself with
# --build-in-source), but always passes the original Makefile's path: the module and this file are found from that
# path, so both modes copy the freshly built jar. A function's Makefile sets FUNCTION (its logical id in
# template.yaml) and MODULE_DIR, then includes this file.

JAR_NAME := $(notdir $(MODULE_DIR)).jar
JAR      := $(MODULE_DIR)/target/$(JAR_NAME)

.PHONY: build-$(FUNCTION)

build-$(FUNCTION):
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: this target is meant to be run by sam build" >&2; exit 1; }
	@test -f "$(JAR)" || { echo "$(JAR) not found: run mvn package first (e.g. mvn -pl functions/$(notdir $(MODULE_DIR)) -am package)" >&2; exit 1; }
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(JAR)" "$(ARTIFACTS_DIR)/lib/$(JAR_NAME)"
