package org.govmail.auth.institution;

/**
 * What kind of body an institution is. Officials of every kind may sign up except the staff of public
 * institutions (공공기관), who are excluded from the service.
 */
public enum InstitutionType {
    CENTRAL_MINISTRY, LOCAL_GOVERNMENT, EDUCATION_OFFICE, SCHOOL, CONSTITUTIONAL_BODY, PUBLIC_INSTITUTION, OTHER;

    public boolean signupAllowed() {
        return this != PUBLIC_INSTITUTION;
    }
}
