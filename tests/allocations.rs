//! Allocation counts of the StartImport work, with a counting allocator: the request body is
//! written into a caller's buffer with no allocation at all, and parsing allocates only what the
//! values it returns own. Counts are exact, so unlike timings they can be tested.

// A global allocator can only be written with `unsafe`; this file is the one place in the
// workspace that needs it, and it only forwards to the system allocator.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use cloudtrail_start_import::operation::start_import::{StartImportError, StartImportInput, StartImportOutput};
use cloudtrail_start_import::primitives::Timestamp;
use cloudtrail_start_import::types::{ImportSource, S3ImportSource};

/// The system allocator, counting the allocations each thread makes.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds the contract.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller upholds `alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: as for `dealloc` and `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The allocations `work` makes on this thread, and what it returns.
fn count<T>(work: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = work();
    (ALLOCATIONS.with(Cell::get) - before, value)
}

fn golden(name: &str) -> Vec<u8> {
    std::fs::read(tests::shared().join("golden").join(name)).unwrap()
}

fn input() -> StartImportInput {
    let s3 = S3ImportSource::builder()
        .s3_location_uri("s3://amzn-s3-demo-bucket/AWSLogs/123456789012/CloudTrail/")
        .s3_bucket_region("us-east-1")
        .s3_bucket_access_role_arn("arn:aws:iam::123456789012:role/service-role/CloudTrailImportRole");
    StartImportInput::builder()
        .destinations(["arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE"])
        .import_source(ImportSource::builder().s3(s3.build().unwrap()).build().unwrap())
        .start_event_time(Timestamp::from_secs(1_672_531_200))
        .end_event_time(Timestamp::from_secs_and_nanos(1_672_617_600, 500_000_000).unwrap())
        .build()
        .unwrap()
}

#[test]
fn writing_the_request_body_into_a_buffer_allocates_nothing() {
    let input = input();
    let mut buffer = Vec::with_capacity(1024);
    let (allocations, ()) = count(|| input.write_body(&mut buffer));
    assert_eq!(allocations, 0);
    assert_eq!(buffer, golden("start-import-request-body.json"));
    // Again, into the same buffer: still nothing.
    buffer.clear();
    let (allocations, ()) = count(|| input.write_body(&mut buffer));
    assert_eq!(allocations, 0);
}

#[test]
fn parsing_allocates_only_what_the_values_own() {
    let headers = [("x-amzn-requestid", "b4e1a2c3")];
    let body = golden("start-import-response-200.json");
    let (allocations, output) = count(|| StartImportOutput::parse_response(200, headers, &body).unwrap());
    // The import id, the destinations list and its one string, the three S3 strings; the status
    // (a known enum value) owns nothing, and the request id, which a success does not keep, is
    // never copied to the heap.
    assert_eq!(output.destinations.as_ref().map(Vec::len), Some(1));
    assert_eq!(allocations, 6, "{output:?}");

    let body = golden("start-import-response-400.json");
    let (allocations, error) = count(|| StartImportOutput::parse_response(400, headers, &body).unwrap_err());
    // The message and the box of the error; the request id is kept in place.
    let StartImportError::InvalidParameterException(error) = error else { panic!("{error:?}") };
    assert_eq!(error.message.as_deref(), Some("bad"));
    assert_eq!(allocations, 2);
}

#[test]
fn request_ids_of_any_length_are_kept_whole() {
    use cloudtrail_start_import::ProvideErrorMetadata;

    let body = golden("start-import-response-400.json");
    // AWS's own (a UUID, kept in place), the longest kept in place, one byte more (on the heap),
    // and a long one; each comes back as sent, and only a long one costs an allocation.
    let uuid = "b4e1a2c3-5d6f-4a7b-8c9d-0e1f2a3b4c5d".to_owned();
    for (id, extra) in [(uuid, 0), ("x".repeat(46), 0), ("y".repeat(47), 1), ("é".repeat(300), 1)] {
        let headers = [("x-amzn-requestid", id.as_str())];
        let (allocations, error) = count(|| StartImportOutput::parse_response(400, headers, &body).unwrap_err());
        assert_eq!(error.request_id(), Some(id.as_str()));
        assert_eq!(allocations, 2 + extra, "{id}");
        assert!(format!("{error:?}").contains(&format!("{id:?}")), "{error:?}");
    }
}
