package io.meshportal.base.ui;

import com.vaadin.flow.component.HasValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validation problems from a service (field key → message) shown next to their fields. Services return one map
 * per refused request; every form shows it the same way.
 */
public final class FieldProblems {

    private FieldProblems() {}

    /** Clears every field, then marks those with a problem. Returns the messages that have no field here. */
    public static List<String> show(Map<String, ? extends HasValidation> fields, Map<String, String> problems) {
        clear(fields);
        List<String> unplaced = new ArrayList<>();
        problems.forEach((key, english) -> {
            String message = Translations.problem(english);
            HasValidation field = fields.get(key);
            if (field == null) {
                unplaced.add(message);
            } else {
                field.setErrorMessage(message);
                field.setInvalid(true);
            }
        });
        return unplaced;
    }

    public static void clear(Map<String, ? extends HasValidation> fields) {
        fields.values().forEach(f -> f.setInvalid(false));
    }
}
