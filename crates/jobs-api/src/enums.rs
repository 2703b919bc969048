//! The API's string enums. Every enum keeps values it does not know as `Other(raw)`, so a new
//! status, type or code from the server decodes and displays instead of failing a whole list.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this client does not know, kept as the server sent it.
            Other(String),
        }

        impl $name {
            /// Every value this client knows, in the reference's order.
            pub const ALL: &'static [$name] = &[$( $name::$variant ),+];

            /// The wire form (for `Other`, the raw string).
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(raw) => raw.as_str(),
                }
            }

            /// Decodes a wire value; unknown values become `Other`.
            pub fn parse(raw: &str) -> Self {
                match raw {
                    $( $wire $(| $alias)* => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }

            /// Decodes a wire value, refusing values this client does not know.
            pub fn parse_known(raw: &str) -> Option<Self> {
                match Self::parse(raw) {
                    $name::Other(_) => None,
                    known => Some(known),
                }
            }

            /// True for values the client does not know.
            pub fn is_other(&self) -> bool {
                matches!(self, $name::Other(_))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(raw: &str) -> Self {
                Self::parse(raw)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::parse(v))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

string_enum! {
    /// `type` of a job.
    JobType {
        Batch = "batch",
        Streaming = "streaming",
        Sql = "sql",
        DeleteData = "delete_data",
        DropTable = "drop_table",
        RestoreData = "restore_data",
    }
}

string_enum! {
    /// `executionStatus` (and `desiredExecutionStatus`) of a job.
    ExecutionStatus {
        Pending = "pending",
        Running = "running",
        Completed = "completed",
        Idle = "idle",
        Canceled = "canceled",
        Failed = "failed",
        Suspended = "suspended",
        Unknown = "unknown",
    }
}

impl ExecutionStatus {
    /// A finished job never changes again.
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Completed | Self::Canceled | Self::Failed)
    }
}

string_enum! {
    /// `health.status`. The SDK once spells the warning status `warning`: both decode as `Warn`.
    HealthStatus {
        Ok = "ok",
        Warn = "warn" | "warning",
        Error = "error",
    }
}

string_enum! {
    /// `health.code`: warning and error codes of the reference (`multiple` is both).
    HealthCode {
        LostConnectionToSource = "lost_connection_to_source",
        NoRowsFound = "no_rows_found",
        InvalidRowsFound = "invalid_rows_found",
        UnableToProceed = "unable_to_proceed",
        Multiple = "multiple",
        Canceled = "canceled",
        CannotParseMultiValueDimension = "cannot_parse_multi_value_dimension",
        CannotParseSource = "cannot_parse_source",
        ColumnNameRestricted = "column_name_restricted",
        ColumnTypeNotSupported = "column_type_not_supported",
        CouldNotConnectToSource = "could_not_connect_to_source",
        InternalError = "internal_error",
        InvalidNullByte = "invalid_null_byte",
        NoRowsIngested = "no_rows_ingested",
        NullTimestamp = "null_timestamp",
        QueryNotSupported = "query_not_supported",
        RowTooLarge = "row_too_large",
        TimestampOutOfBounds = "timestamp_out_of_bounds",
        TooManyClusteredByColumns = "too_many_clustered_by_columns",
        TooManyColumns = "too_many_columns",
        TooManyInputFiles = "too_many_input_files",
        TooManyPartitions = "too_many_partitions",
        TooManyRowsWithSameKey = "too_many_rows_with_same_key",
        TooManySegmentsInTimeChunk = "too_many_segments_in_time_chunk",
        TooManyTimeBuckets = "too_many_time_buckets",
    }
}

impl HealthCode {
    /// Codes the reference lists for `warn` health.
    pub const WARNINGS: &'static [HealthCode] = &[
        HealthCode::LostConnectionToSource,
        HealthCode::NoRowsFound,
        HealthCode::InvalidRowsFound,
        HealthCode::UnableToProceed,
        HealthCode::Multiple,
    ];

    /// Codes the reference lists for `error` health.
    pub fn errors() -> impl Iterator<Item = &'static HealthCode> {
        Self::ALL.iter().filter(|c| !Self::WARNINGS.contains(c) || **c == HealthCode::Multiple)
    }
}

string_enum! {
    /// `source.type`.
    SourceType {
        Azure = "azure",
        Connection = "connection",
        S3 = "s3",
        Table = "table",
        Inline = "inline",
        Uploaded = "uploaded",
    }
}

string_enum! {
    /// `sortColumn` of the list endpoint.
    SortColumn {
        LastUpdatedDateTime = "last_updated_date_time",
        CreatedDateTime = "created_date_time",
        CreatedByUserName = "created_by_user_name",
        ExecutionStatus = "execution_status",
        SourceName = "source_name",
        SourceType = "source_type",
        TargetTableName = "target_table_name",
        Type = "type",
    }
}

impl SortColumn {
    /// Sort columns the API deprecated (use `source_name`) but still accepts: read by
    /// `JobFilter::from_query_pairs` as `Other`, never offered by the console.
    pub const DEPRECATED: [&'static str; 2] = ["source_connection_name", "source_table_name"];
}

string_enum! {
    /// `sortOrder` of the list endpoint.
    SortOrder {
        Desc = "DESC",
        Asc = "ASC",
    }
}

string_enum! {
    /// `ingestionMode` of a batch job.
    IngestionMode {
        Append = "append",
        Replace = "replace",
    }
}

string_enum! {
    /// `readFromPoint` of a streaming job.
    ReadFromPoint {
        Earliest = "earliest",
        Latest = "latest",
    }
}

// Not derivable: the enum comes from `string_enum!`.
#[allow(clippy::derivable_impls)]
impl Default for SortColumn {
    fn default() -> Self {
        Self::LastUpdatedDateTime
    }
}

#[allow(clippy::derivable_impls)]
impl Default for SortOrder {
    fn default() -> Self {
        Self::Desc
    }
}
