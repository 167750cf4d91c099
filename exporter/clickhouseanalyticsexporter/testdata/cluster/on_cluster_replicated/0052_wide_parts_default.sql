ALTER TABLE `ai_analytics`.genai_events_local ON CLUSTER `analytics` RESET SETTING min_bytes_for_wide_part;

ALTER TABLE `ai_analytics`.genai_feedback_local ON CLUSTER `analytics` RESET SETTING min_bytes_for_wide_part;

ALTER TABLE `ai_analytics`.genai_users_local ON CLUSTER `analytics` RESET SETTING min_bytes_for_wide_part;

ALTER TABLE `ai_analytics`.genai_events_1m_local ON CLUSTER `analytics` RESET SETTING min_bytes_for_wide_part;
