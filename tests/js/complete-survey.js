// Loads the SurveyJS definition embedded in the page (#definition) with survey-core,
// renders it with survey-js-ui, answers every visible question as a respondent would
// (conditions are re-evaluated after each answer), completes the survey and writes
// what SurveyJS itself reports into <pre> elements for the test to read:
// #json-errors (properties or types survey-core did not understand), #rendered (how
// many questions the UI drew), #result (survey.data on completion), #errors, #exception.
(function () {
  function out(id, text) {
    var pre = document.createElement("pre");
    pre.id = id;
    pre.textContent = text;
    document.body.appendChild(pre);
  }
  try {
    var json = JSON.parse(document.getElementById("definition").textContent);
    var survey = new Survey.Model(json);
    out("json-errors", JSON.stringify((survey.jsonErrors || []).map(function (e) {
      return e.message || String(e);
    })));
    survey.render(document.getElementById("survey"));
    out("rendered", String(document.querySelectorAll(".sd-question").length));
    var n = 0;
    survey.getAllQuestions().forEach(function (q) {
      if (!q.isVisible) return;
      n++;
      var choices = q.visibleChoices || [];
      switch (q.getType()) {
        case "text":
          if (q.inputType !== "date") q.value = "Respondent " + n;
          break;
        case "dropdown":
        case "radiogroup":
          q.value = choices[n % choices.length].value;
          break;
        case "checkbox":
          q.value = n % 4 === 0 ? ["none"] : [choices[0].value, choices[1 % choices.length].value];
          break;
        case "rating":
          q.value = q.visibleRateValues[n % q.visibleRateValues.length].value;
          break;
        case "comment":
          q.value = "Line one of " + q.name + "\nline two";
          break;
      }
    });
    survey.onComplete.add(function (s) {
      out("result", JSON.stringify(s.data));
    });
    while (!survey.isLastPage) {
      if (!survey.nextPage()) break;
    }
    survey.tryComplete();
    if (survey.state !== "completed") {
      var errors = survey.getAllQuestions()
        .filter(function (q) { return q.errors && q.errors.length; })
        .map(function (q) { return q.name + ": " + q.errors.map(function (e) { return e.text; }).join("; "); });
      out("errors", "not completed (state " + survey.state + "): " + errors.join(" | "));
    }
  } catch (e) {
    out("exception", String((e && e.stack) || e));
  }
})();
