// The one `fails` check of the error tests, included by tests/errors.rs and by the unit tests
// of src/input.rs (which cannot use a test crate's items): the result is the error `code` on
// `field`, and its message names the field. Needs `Debug`, `Result` and `ErrorCode` in scope.

#[track_caller]
fn fails<T: Debug>(result: Result<T>, code: ErrorCode, field: &str) {
    match result {
        Ok(v) => {
            let mut shown = format!("{v:?}");
            shown.truncate(300);
            panic!("expected {code:?} on {field:?}, got Ok({shown} ...)")
        }
        Err(e) => {
            assert_eq!((e.code, e.field.as_str()), (code, field), "wrong error: {}", e.message);
            assert!(!e.message.is_empty(), "empty message for {field}");
            // Messages name the field they are about (where there is one); an unknown field's
            // message names the key as given (its path is in `field`); a few errors about a
            // whole input (no responses, weights adding up to 0) word it without the path.
            let named = match code {
                ErrorCode::UnknownField => field.rsplit(['.', ']']).next().unwrap_or(field),
                _ => field,
            };
            let whole_input = code == ErrorCode::Empty || e.message.starts_with("the weights");
            if !named.is_empty() && !whole_input {
                assert!(e.message.contains(named), "message {:?} does not name {named}", e.message);
            }
            assert_eq!(e.to_string(), e.message);
        }
    }
}
