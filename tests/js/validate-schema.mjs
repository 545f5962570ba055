// Validates a SurveyJS form definition against the JSON schema that survey-core ships
// (survey-core/surveyjs_definition.json). Usage: node validate-schema.mjs FILE.json
import { readFileSync } from "node:fs";
import Ajv from "ajv";

// survey-core's "exports" do not list these files: read them from the package folder.
const core = new URL("./node_modules/survey-core/", import.meta.url);
const schema = JSON.parse(readFileSync(new URL("surveyjs_definition.json", core), "utf8"));
const version = JSON.parse(readFileSync(new URL("package.json", core), "utf8")).version;
const survey = JSON.parse(readFileSync(process.argv[2], "utf8"));
// The schema uses keywords of its own (for the Creator); they describe, not constrain.
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema);
if (validate(survey)) {
  console.log(`valid against survey-core ${version}'s schema`);
} else {
  for (const e of validate.errors) console.error(`${e.instancePath || "/"}: ${e.message} ${JSON.stringify(e.params)}`);
  process.exit(1);
}
