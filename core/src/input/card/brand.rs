//! Payment system from the card number: the table of [`swip_protocol::rules::pan`], re-exported.

pub use swip_protocol::rules::cvv::length_for as cvv_length;
pub use swip_protocol::rules::pan::brand_of;
