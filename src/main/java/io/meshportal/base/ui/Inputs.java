package io.meshportal.base.ui;

import com.vaadin.flow.component.textfield.IntegerField;

/** Field set-up shared by forms, so every constraint a field enforces also says what it wants. */
public final class Inputs {

    private Inputs() {}

    /**
     * Min and max with their messages. Without the messages the field's own constraint check (which runs
     * before any Binder validator) marks the field red with no text next to it.
     */
    public static IntegerField bounded(IntegerField field, int min, int max) {
        String range = Translations.t("input.between", min, max);
        field.setMin(min);
        field.setMax(max);
        field.setStepButtonsVisible(true);
        field.setI18n(new IntegerField.IntegerFieldI18n()
                .setMinErrorMessage(range)
                .setMaxErrorMessage(range)
                .setBadInputErrorMessage(Translations.t("input.whole-number", min, max))
                .setRequiredErrorMessage(range));
        return field;
    }
}
